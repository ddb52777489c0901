/**
 * The project root, found by walking up to Volya's package.json: the same answer whether the code runs from
 * server/ under tsx or from the bundle in .build/, so templates/, public/ and fonts are always found.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'volya') return dir;
    if (path.dirname(dir) === dir) throw new Error(`Volya's package.json not found above ${start}`);
  }
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const publicDir = path.join(projectRoot, 'public');
export const templatesDir = path.join(projectRoot, 'templates');
