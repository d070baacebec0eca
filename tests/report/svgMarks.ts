// Reads a rendered chart back from its SVG text: the items of a named mark (their aria-label and path), the
// legend's labels, axis titles, and the vertices of a path.
import { XMLParser } from 'fast-xml-parser';

/** An element as fast-xml-parser gives it with every child in an array and attributes prefixed by "@_". */
type XmlNode = Record<string, unknown>;

/** Parses SVG text; throws when it is not well-formed XML. */
export function parseSvg(svg: string): XmlNode {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: () => true, textNodeName: '#text' });
  return parser.parse(svg, true) as XmlNode;
}

/** Every element under `node` (itself included) with its tag name, depth first. */
function* elements(node: XmlNode, tag = '#root'): Generator<[string, XmlNode]> {
  yield [tag, node];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text' || !Array.isArray(value)) continue;
    for (const child of value) if (typeof child === 'object' && child !== null) yield* elements(child as XmlNode, key);
  }
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

function text(node: XmlNode): string {
  const value = node['#text'];
  return Array.isArray(value) ? value.join('') : value === undefined ? '' : String(value);
}

/** One drawn item: aria-label, path data (or transform for symbols), stroke colour and dash pattern ('' when solid). */
export interface MarkItem {
  label: string;
  d: string;
  transform: string;
  stroke: string;
  dash: string;
}

/** The drawn items of a Vega-Lite layer named `markName` (class "<markName>_marks"). */
export function markItems(root: XmlNode, markName: string): MarkItem[] {
  const items: MarkItem[] = [];
  for (const [tag, node] of elements(root)) {
    if (tag !== 'g' || !(attribute(node, 'class') ?? '').split(' ').includes(`${markName}_marks`)) continue;
    for (const path of (node.path ?? []) as XmlNode[]) {
      items.push({
        label: attribute(path, 'aria-label') ?? '',
        d: attribute(path, 'd') ?? '',
        transform: attribute(path, 'transform') ?? '',
        stroke: attribute(path, 'stroke') ?? '',
        dash: attribute(path, 'stroke-dasharray') ?? '',
      });
    }
  }
  return items;
}

/** The texts of the elements inside groups whose class includes `className`. */
function textsIn(root: XmlNode, className: string): string[] {
  const texts: string[] = [];
  for (const [tag, node] of elements(root)) {
    if (tag !== 'g' || !(attribute(node, 'class') ?? '').split(' ').includes(className)) continue;
    for (const child of (node.text ?? []) as XmlNode[]) texts.push(text(child));
  }
  return texts;
}

export function legendLabels(root: XmlNode): string[] {
  return textsIn(root, 'role-legend-label');
}

export function axisTitles(root: XmlNode): string[] {
  return textsIn(root, 'role-axis-title');
}

export function titleTexts(root: XmlNode): string[] {
  return textsIn(root, 'role-title-text');
}

/** The vertices of an SVG path drawn with absolute M and L commands, as [x, y] pairs. */
export function pathVertices(d: string): [number, number][] {
  const commands = d.match(/[ML][^MLZ]*/g) ?? [];
  return commands.map((command) => {
    const [x, y] = command.slice(1).split(',').map(Number);
    return [x, y];
  });
}

/** The width attribute of the root svg element. */
export function svgWidth(root: XmlNode): number {
  const svg = (root.svg as XmlNode[])[0];
  return Number(attribute(svg, 'width'));
}
