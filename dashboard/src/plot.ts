// Renders an Observable Plot chart in a form the CSP accepts and readers can use.
import { plot as plotChart, type PlotOptions } from '@observablehq/plot';

/**
 * Plot appends a <style> element to every SVG, which `style-src 'self'` refuses;
 * we drop it before the SVG reaches the page and carry the same rules in app.css (.chart).
 */
export function renderPlot(options: PlotOptions, label: string, description: string): SVGSVGElement {
  const svg = plotChart({ ...options, className: 'chart', ariaLabel: label, ariaDescription: description, figure: false }) as unknown as SVGSVGElement;
  for (const style of svg.querySelectorAll('style')) style.remove();
  // The SVG is one image with a description and a table beside it; ARIA on its inner groups is not allowed there.
  for (const node of svg.querySelectorAll('[aria-label], [aria-description], [aria-hidden]')) {
    const mark = node.getAttribute('aria-label');
    if (mark) node.setAttribute('data-mark', mark);
    node.removeAttribute('aria-label');
    node.removeAttribute('aria-description');
    node.removeAttribute('aria-hidden');
  }
  svg.setAttribute('role', 'img');
  svg.removeAttribute('aria-description');
  const desc = document.createElementNS('http://www.w3.org/2000/svg', 'desc');
  desc.id = `desc-${Math.random().toString(36).slice(2, 10)}`;
  desc.textContent = description;
  svg.prepend(desc);
  svg.setAttribute('aria-describedby', desc.id);
  return svg;
}
