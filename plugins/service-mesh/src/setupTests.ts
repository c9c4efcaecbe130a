import '@testing-library/jest-dom';

// jsdom lays out no SVG; DependencyGraph measures its nodes and labels with getBBox.
if (typeof window !== 'undefined') {
  Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 120, height: 32 }),
  });
}
