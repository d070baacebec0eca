// `optlab list`: every kind with its parameters and defaults, from the config catalog.
import { catalogListing, LIST_SECTIONS, type ListSection } from '../../config/listing.js';
import { UsageError } from '../../lib/errors.js';

export function listCommand(what: string | undefined): number {
  if (what !== undefined && !LIST_SECTIONS.includes(what as ListSection)) {
    throw new UsageError(`optlab list takes one of ${LIST_SECTIONS.join(', ')}; got "${what}"`);
  }
  const sections = what === undefined ? LIST_SECTIONS : [what as ListSection];
  const out: string[] = [];
  for (const section of sections) {
    out.push(`${section}:`);
    for (const kind of catalogListing(section)) {
      out.push(`  ${kind.kind} — ${kind.doc}`);
      for (const p of kind.params) {
        const from = p.defaultFrom === undefined ? '' : ` (${p.defaultFrom})`;
        out.push(`      ${p.name}: ${p.type}, ${p.defaultText === 'required' ? 'required' : `default ${p.defaultText}${from}`} — ${p.doc}`);
      }
    }
    out.push('');
  }
  process.stdout.write(out.join('\n'));
  return 0;
}
