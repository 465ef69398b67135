// Where the package's own files are (proto/, templates/, trainer/): the
// repository root, two levels above this file, wherever the process runs from.
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
