// `optlab list`: every kind with its parameters and defaults, from the config catalog.
import { catalogListing, type ListSection } from '../../config/listing.js';
import { UsageError } from '../../lib/errors.js';

const SECTIONS: ListSection[] = ['optimizers', 'models', 'datasets', 'schedules'];

export function listCommand(what: string | undefined): number {
  if (what !== undefined && !SECTIONS.includes(what as ListSection)) {
    throw new UsageError(`optlab list takes one of ${SECTIONS.join(', ')}; got "${what}"`);
  }
  const sections = what === undefined ? SECTIONS : [what as ListSection];
  const out: string[] = [];
  for (const section of sections) {
    out.push(`${section}:`);
    for (const kind of catalogListing(section)) {
      out.push(`  ${kind.kind} — ${kind.doc}`);
      for (const p of kind.params) {
        const def = p.default === undefined ? 'required' : `default ${JSON.stringify(p.default)}`;
        out.push(`      ${p.name}: ${p.type}, ${def} — ${p.doc}`);
      }
    }
    out.push('');
  }
  process.stdout.write(out.join('\n'));
  return 0;
}
