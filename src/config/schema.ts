// The zod schemas of a config, built from the catalog: one value of any parameter type, each
// section as a union of its kinds (defaults filled), and one whole resolved run. Every issue's
// message reads "expected <what the catalog says>, got <value>".
import * as z from 'zod';
import { builtinCatalog } from './catalog.js';
import { runRootType } from './catalogWalk.js';
import type { FieldsType, ParamSpec, ParamType, SectionName } from './catalogTypes.js';
import { describeType, showValue, withArticle } from './describe.js';
import { isPlainObject } from './paths.js';

/** The schemas of the catalog. */
export interface ConfigSchemas {
  /** A value of one parameter type (no default applied). */
  type(type: ParamType): z.ZodType;
  /** A parameter: its type, with its default filled when the key is absent. */
  param(spec: ParamSpec): z.ZodType;
  /** One resolved run without `name`: { seed, data, model, train, metrics, optimizer }. */
  run: z.ZodType;
}

interface IssueInput {
  code?: string;
  input?: unknown;
}

/** The message of every issue about a value that should be `expected`. */
function expectedGot(expected: string) {
  return (issue: IssueInput): string =>
    issue.input === undefined
      ? `missing required field: expected ${expected}`
      : `expected ${expected}, got ${showValue(issue.input)}`;
}

let built: ConfigSchemas | undefined;

/** The schemas of the catalog (built on first use). */
export function configSchemas(): ConfigSchemas {
  built ??= buildSchemas();
  return built;
}

function buildSchemas(): ConfigSchemas {
  const sections = new Map<SectionName, z.ZodType>();

  function typeSchema(type: ParamType): z.ZodType {
    const error = expectedGot(describeType(type));
    switch (type.type) {
      case 'number': {
        let number = z.number({ error });
        if (type.integer) number = number.int({ error });
        if (type.min !== undefined) number = type.exclusiveMin ? number.gt(type.min, { error }) : number.gte(type.min, { error });
        if (type.max !== undefined) number = type.exclusiveMax ? number.lt(type.max, { error }) : number.lte(type.max, { error });
        const alternatives: z.ZodType[] = [
          ...(type.words?.length ? [z.enum(type.words as [string, ...string[]], { error })] : []),
          ...(type.nullable ? [z.null({ error })] : []),
        ];
        return alternatives.length === 0 ? number : z.union([number, ...alternatives], { error });
      }
      case 'boolean':
        return z.boolean({ error });
      case 'enum':
        return z.enum(type.values as [string, ...string[]], { error });
      case 'string':
        return type.pattern ? z.string({ error }).regex(type.pattern, { error }) : z.string({ error });
      case 'file':
        return z.string({ error }).min(1, { error });
      case 'list': {
        const list = z.array(typeSchema(type.of), { error });
        return type.minLength ? list.min(type.minLength, { error }) : list;
      }
      case 'section':
        return z.lazy(() => sectionSchema(type.section));
      case 'fields':
        return fieldsSchema(type);
    }
  }

  function paramSchema(spec: ParamSpec): z.ZodType {
    const schema = typeSchema(spec.type);
    if (spec.default !== undefined) {
      const value = spec.default;
      return schema.default(() => structuredClone(value));
    }
    return spec.derived === undefined && spec.whenAbsent === undefined ? schema : schema.optional();
  }

  function shapeOf(params: Record<string, ParamSpec>): Record<string, z.ZodType> {
    return Object.fromEntries(Object.entries(params).map(([key, spec]) => [key, paramSchema(spec)]));
  }

  function fieldsSchema(type: FieldsType): z.ZodType {
    const error = expectedGot(describeType(type));
    // An absent block (no `train:` at all) means every field at its default.
    return z.preprocess((raw) => raw ?? {}, z.strictObject(shapeOf(type.fields), { error }));
  }

  function sectionSchema(name: SectionName): z.ZodType {
    const existing = sections.get(name);
    if (existing) return existing;
    const section = builtinCatalog[name];
    const kinds = section.kinds.map((k) => k.kind);
    const mapping = expectedGot(`${withArticle(section.noun)} mapping { kind: ..., ... }`);
    const kindError = (issue: IssueInput): string => {
      if (issue.code !== 'invalid_union' || !isPlainObject(issue.input)) return mapping(issue);
      const kind = issue.input.kind;
      if (Array.isArray(kind)) return `a kind cannot be swept: write one ${section.noun} entry per kind`;
      return expectedGot(`${withArticle(section.noun)} kind (one of ${kinds.join(', ')})`)({ input: kind });
    };
    const options = section.kinds.map((k) =>
      z.strictObject({ kind: z.literal(k.kind), ...shapeOf(k.params) }, { error: mapping }),
    );
    const union = z.discriminatedUnion('kind', options as unknown as [z.ZodObject, ...z.ZodObject[]], {
      error: kindError,
    });
    const withDefaultKind = (raw: unknown): unknown => {
      if (section.defaultKind === undefined) return raw;
      if (raw === undefined) return { kind: section.defaultKind };
      if (isPlainObject(raw) && raw.kind === undefined) return { ...raw, kind: section.defaultKind };
      return raw;
    };
    const schema = z.preprocess(withDefaultKind, union);
    sections.set(name, schema);
    return schema;
  }

  return { type: typeSchema, param: paramSchema, run: typeSchema(runRootType()) };
}
