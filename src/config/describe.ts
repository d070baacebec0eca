// Words for catalog types and config values, as error messages ("expected a number > 0, got -1")
// and `optlab list` show them.
import type { NumberType, ParamSpec, ParamType } from './catalogTypes.js';

function rangeText(type: NumberType): string {
  const { min, max } = type;
  if (min !== undefined && max !== undefined) {
    return `in ${type.exclusiveMin ? '(' : '['}${min}, ${max}${type.exclusiveMax ? ')' : ']'}`;
  }
  if (min !== undefined) return `${type.exclusiveMin ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${type.exclusiveMax ? '<' : '<='} ${max}`;
  return '';
}

function withWords(text: string, words: readonly string[] | undefined): string {
  return words?.length ? `${text} or ${words.map((w) => JSON.stringify(w)).join(' or ')}` : text;
}

/** A noun phrase for what a value of `type` must be, e.g. `an integer >= 1 or "full"`. */
export function describeType(type: ParamType): string {
  switch (type.type) {
    case 'number': {
      const range = rangeText(type);
      const text = withWords(`${type.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`, type.words);
      return type.nullable ? `${text} or null` : text;
    }
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'string':
      return type.patternDoc ?? 'a text';
    case 'file':
      return "a path to a readable file (relative to the config file's folder)";
    case 'list': {
      const size = type.minLength ? ` of at least ${type.minLength}` : '';
      return `a list${size}, each ${describeType(type.of)}`;
    }
    case 'section':
      return `${withArticle(type.section)} mapping { kind: ..., ... }`;
    case 'fields':
      return `a mapping with keys among ${Object.keys(type.fields).join(', ')}`;
  }
}

/** A short type column for `optlab list`, e.g. `integer >= 1 | "full"`. */
export function typeLabel(type: ParamType): string {
  switch (type.type) {
    case 'number': {
      const range = rangeText(type);
      const base = `${type.integer ? 'integer' : 'number'}${range ? ` ${range}` : ''}`;
      return [base, ...(type.words ?? []).map((w) => JSON.stringify(w)), ...(type.nullable ? ['null'] : [])].join(' | ');
    }
    case 'boolean':
      return 'boolean';
    case 'enum':
      return type.values.join(' | ');
    case 'string':
      return 'text';
    case 'file':
      return 'file path';
    case 'list':
      return `list of ${typeLabel(type.of)}`;
    case 'section':
      return type.section;
    case 'fields':
      return 'mapping';
  }
}

/** `noun` with its indefinite article: "an optimizer", "a dataset". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

const MAX_SHOWN = 60;

/** A config value as an error message quotes it: `"abc"`, `-1`, `[1,2]`, `nothing` for null. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nothing (null)';
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

/** The default column of `optlab list`: the value in YAML flow style, how it is filled, or what its absence means. */
export function showDefault(spec: ParamSpec): string {
  if (spec.default !== undefined) return toFlowYaml(spec.default);
  return spec.derived ?? spec.whenAbsent ?? 'required';
}

function toFlowYaml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toFlowYaml).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${toFlowYaml(v)}`).join(', ')} }`;
  }
  return String(value);
}
