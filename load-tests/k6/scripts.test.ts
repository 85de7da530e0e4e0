import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parse } from 'acorn';

/**
 * No k6 binary can be installed here, so the scripts are checked the way k6 would first see them:
 * parsed as ES modules, their imports resolved, their options and scenario functions matched, and
 * type-checked against @types/k6. What they compute is tested through the pure helpers in lib/.
 */

// Loose AST shapes (acorn's own types are ESTree; only the fields read here are named).
interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}
type Program = Node & { body: Node[] };

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPTS = ['ingest.js', 'wallboard.js', 'mixed.js'];
const PURE_LIB = readdirSync(join(HERE, 'lib')).filter((f) => f.endsWith('.js'));
const K6_LIB = readdirSync(join(HERE, 'lib', 'k6')).filter((f) => f.endsWith('.js'));

/** Built-in modules present in both k6 v0.48 and 2.x (no k6/experimental/*, no k6/websockets). */
const K6_BUILTINS = new Set([
  'k6',
  'k6/http',
  'k6/ws',
  'k6/metrics',
  'k6/data',
  'k6/execution',
  'k6/encoding',
  'k6/crypto',
]);
/** Globals that k6 v0.48 does not have (or Node-only ones): a script using them would fail there. */
const NOT_IN_K6 = new Set([
  'require',
  'process',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'fetch',
  'structuredClone',
  'Buffer',
  'TextEncoder',
  'TextDecoder',
  'window',
  'document',
]);

function source(file: string) {
  return readFileSync(join(HERE, file), 'utf8');
}

/** ES2018 at most: what k6 v0.48's JavaScript runtime runs without transpiling. */
function parseModule(file: string): Program {
  return parse(source(file), { ecmaVersion: 2018, sourceType: 'module' }) as unknown as Program;
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const v of value) if (v && typeof v === 'object' && 'type' in v) out.push(v as Node);
    if (value && typeof value === 'object' && 'type' in (value as object)) out.push(value as Node);
  }
  return out;
}

function walk(node: Node, visit: (n: Node, ancestors: Node[]) => void, ancestors: Node[] = []) {
  visit(node, ancestors);
  for (const c of children(node)) walk(c, visit, [...ancestors, node]);
}

function imports(program: Program) {
  return program.body
    .filter((n) => n.type === 'ImportDeclaration')
    .map((n) => ({
      from: (n.source as { value: string }).value,
      names: (n.specifiers as Node[]).map((s) =>
        s.type === 'ImportSpecifier'
          ? (s.imported as { name: string }).name
          : s.type === 'ImportDefaultSpecifier'
            ? 'default'
            : '*',
      ),
    }));
}

/** Names a module exports (declarations and export lists). */
function exportedNames(program: Program): Set<string> {
  const names = new Set<string>();
  for (const n of program.body) {
    if (n.type === 'ExportDefaultDeclaration') names.add('default');
    if (n.type !== 'ExportNamedDeclaration') continue;
    const decl = n.declaration as Node | null;
    if (decl?.type === 'FunctionDeclaration' || decl?.type === 'ClassDeclaration')
      names.add((decl.id as { name: string }).name);
    if (decl?.type === 'VariableDeclaration')
      for (const d of decl.declarations as Node[]) names.add((d.id as { name: string }).name);
    for (const s of (n.specifiers as Node[]) ?? []) names.add((s.exported as { name: string }).name);
  }
  return names;
}

/** Exported functions (what a scenario's `exec` may name). */
function exportedFunctions(program: Program): Set<string> {
  const names = new Set<string>();
  for (const n of program.body) {
    const decl = n.type === 'ExportNamedDeclaration' ? (n.declaration as Node | null) : null;
    if (decl?.type === 'FunctionDeclaration') names.add((decl.id as { name: string }).name);
  }
  return names;
}

function property(obj: Node, key: string): Node | undefined {
  const p = (obj.properties as Node[]).find(
    (q) =>
      q.type === 'Property' &&
      ((q.key as { name?: string; value?: string }).name ?? (q.key as { value?: string }).value) === key,
  );
  return p?.value as Node | undefined;
}

function literal(node: Node | undefined): unknown {
  return node?.type === 'Literal' ? node.value : undefined;
}

/** `export const options = { ... }` of a script. */
function optionsOf(program: Program): Node {
  for (const n of program.body) {
    const decl = n.type === 'ExportNamedDeclaration' ? (n.declaration as Node | null) : null;
    if (decl?.type !== 'VariableDeclaration') continue;
    for (const d of decl.declarations as Node[]) {
      if ((d.id as { name: string }).name === 'options' && (d.init as Node).type === 'ObjectExpression')
        return d.init as Node;
    }
  }
  throw new Error('no `export const options = {...}`');
}

describe.each(SCRIPTS)('%s', (file) => {
  const program = parseModule(file);

  it('imports only k6 built-ins and ./lib/ modules that export what it imports', () => {
    for (const imp of imports(program)) {
      if (K6_BUILTINS.has(imp.from)) continue;
      expect(imp.from, `${file} imports ${imp.from}`).toMatch(/^\.\/lib\/.+\.js$/);
      expect(existsSync(join(HERE, imp.from)), imp.from).toBe(true);
      const exported = exportedNames(parseModule(imp.from));
      for (const name of imp.names) expect(exported, `${imp.from} exports ${name}`).toContain(name);
    }
  });

  it('exports options with scenarios whose exec functions it exports, and thresholds', () => {
    const options = optionsOf(program);
    const scenarios = property(options, 'scenarios');
    expect(scenarios?.type).toBe('ObjectExpression');
    expect(property(options, 'thresholds'), 'thresholds').toBeDefined();
    const functions = exportedFunctions(program);
    const execs: string[] = [];
    for (const s of scenarios!.properties as Node[]) {
      const scenario = s.value as Node;
      expect(scenario.type).toBe('ObjectExpression');
      expect(['ramping-arrival-rate', 'ramping-vus', 'constant-vus', 'constant-arrival-rate']).toContain(
        literal(property(scenario, 'executor')),
      );
      const exec = (literal(property(scenario, 'exec')) as string | undefined) ?? 'default';
      execs.push(exec);
      expect(exec === 'default' ? exportedNames(program).has('default') : functions.has(exec), `exported ${exec}`).toBe(
        true,
      );
    }
    expect(execs.length).toBeGreaterThan(0);
  });

  it('calls open() only in the init context, never inside a scenario, setup or summary function', () => {
    const exported = exportedFunctions(program);
    walk(program, (n, ancestors) => {
      if (
        n.type !== 'CallExpression' ||
        (n.callee as Node).type !== 'Identifier' ||
        (n.callee as { name: string }).name !== 'open'
      )
        return;
      const insideExported = ancestors.some(
        (a) => a.type === 'FunctionDeclaration' && exported.has((a.id as { name: string }).name),
      );
      expect(insideExported, `open() at offset ${n.start}`).toBe(false);
    });
  });
});

describe('the scripts as a set', () => {
  it('use the scenario executors the issue asks for', () => {
    const executor = (file: string, scenario: string) =>
      literal(property(property(property(optionsOf(parseModule(file)), 'scenarios')!, scenario)!, 'executor'));
    expect(executor('ingest.js', 'ingest')).toBe('ramping-arrival-rate');
    expect(executor('wallboard.js', 'screens')).toBe('ramping-vus');
    expect(executor('mixed.js', 'ingest')).toBe('ramping-arrival-rate');
    expect(executor('mixed.js', 'screens')).toBe('ramping-vus');
  });

  it('mixed.js reports with handleSummary', () => {
    expect(exportedFunctions(parseModule('mixed.js'))).toContain('handleSummary');
  });

  it('every module parses as ES2018 and uses no global that k6 v0.48 lacks', () => {
    const files = [...SCRIPTS, ...PURE_LIB.map((f) => `lib/${f}`), ...K6_LIB.map((f) => `lib/k6/${f}`)];
    for (const file of files) {
      walk(parseModule(file), (n, ancestors) => {
        if (n.type !== 'Identifier' || !NOT_IN_K6.has(n.name as string)) return;
        const parent = ancestors[ancestors.length - 1];
        // `socket.setTimeout(...)` is k6/ws's own method, not the global.
        const isMember = parent?.type === 'MemberExpression' && parent.property === n && !parent.computed;
        expect(isMember, `${file} uses ${String(n.name)}`).toBe(true);
      });
    }
  });

  it('the pure helpers import nothing but each other, and load in Node', async () => {
    for (const f of PURE_LIB) {
      for (const imp of imports(parseModule(`lib/${f}`))) expect(imp.from, `lib/${f}`).toMatch(/^\.\/[\w-]+\.js$/);
      const mod = await import(pathToFileURL(join(HERE, 'lib', f)).href);
      expect(Object.keys(mod).length, f).toBeGreaterThan(0);
    }
  });

  it('the k6-bound helpers import k6 built-ins and the pure helpers only', () => {
    for (const f of K6_LIB) {
      for (const imp of imports(parseModule(`lib/k6/${f}`))) {
        if (K6_BUILTINS.has(imp.from)) continue;
        expect(imp.from, `lib/k6/${f}`).toMatch(/^\.\.\/[\w-]+\.js$/);
        const target = relative(HERE, resolve(HERE, 'lib', 'k6', imp.from));
        const exported = exportedNames(parseModule(target));
        for (const name of imp.names) expect(exported, `${target} exports ${name}`).toContain(name);
      }
    }
  });

  it('type-check against @types/k6 (tsc -p load-tests/k6)', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', HERE], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 120_000); // tsc takes seconds, more on a busy machine
});
