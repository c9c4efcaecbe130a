import { useEffect, useState } from 'react';

const isVisible = () =>
  typeof document === 'undefined' || document.visibilityState !== 'hidden';

/** Whether the browser tab is visible; follows `visibilitychange`. */
export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(isVisible);
  useEffect(() => {
    const onChange = () => setVisible(isVisible());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}
