// optlab's own version, read from package.json.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const OPTLAB_VERSION: string = packageJson.version;
