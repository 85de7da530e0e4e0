/**
 * The measured box of a d3 chart: its width and height, and its type size (which follows the screen,
 * so margins and marks read the same at 1080p and 4K). One ResizeObserver keeps all three current;
 * a chart attaches it to its container with `{@attach box.observe}` and draws from the fields.
 */
export class ChartBox {
  width = $state(0);
  height = $state(0);
  fontSize = $state(16);

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
  }

  observe = (node: HTMLElement) => {
    const measure = () => {
      this.width = node.clientWidth;
      this.height = node.clientHeight;
      this.fontSize = parseFloat(getComputedStyle(node).fontSize) || 16;
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  };
}
