/** Roughly how wide a line of text is at the graph's font size. */
export const textWidth = (text: string, fontSize = 12) =>
  Math.ceil(text.length * fontSize * 0.6);
