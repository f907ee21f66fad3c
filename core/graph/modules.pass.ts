// modules pass: Module Input / Output nodes define each module's ports (unique names, only inside
// modules); instances and handles name an existing module; a module never calls itself.
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { IRNode } from './ir';
import { MODULE_HANDLE, MODULE_INPUT, MODULE_INSTANCE, MODULE_OUTPUT } from './module-types';
import { nodeDiagnostic, own, whereOf, type CompilerPass, type PassContext } from './pass-context';

const SOURCE = 'modules';

const moduleParam = (node: IRNode): string =>
  typeof node.params.module === 'string' ? node.params.module : '';

export const modulesPass = (ctx: PassContext): Diagnostic[] => {
  const out: Diagnostic[] = [];
  const { program, blocked } = ctx;
  const moduleIds = Object.keys(program.modules);
  const choices =
    moduleIds.length === 0
      ? 'there are no modules yet: select nodes and make one'
      : `choose one of ${moduleIds.map((m) => `"${m}"`).join(', ')}`;
  /** module id -> modules it calls, with the calling node. */
  const calls = new Map<string, { callee: string; node: IRNode }[]>();

  for (const scope of ctx.scopes) {
    const mod = scope.module;
    for (const node of Object.values(scope.graph.nodes)) {
      if (!node.def) continue;
      if (node.type === MODULE_INPUT || node.type === MODULE_OUTPUT) {
        if (!mod) {
          out.push(
            nodeDiagnostic(
              'error',
              SOURCE,
              node,
              `${node.label} can only sit inside a module; delete it, or select nodes and make a module of them.`,
            ),
          );
          blocked.add(node);
          continue;
        }
        const isInput = node.type === MODULE_INPUT;
        const table = isInput ? mod.inputNodes : mod.outputNodes;
        const name = typeof node.params.name === 'string' ? node.params.name.trim() : '';
        if (name === '') {
          out.push(
            nodeDiagnostic(
              'error',
              SOURCE,
              node,
              `${node.label}${whereOf(scope)} has no name; set its name param (it becomes the port name on the module).`,
            ),
          );
          blocked.add(node);
        } else if (own(table, name) !== undefined) {
          const other = scope.graph.nodes[table[name] as string];
          out.push(
            nodeDiagnostic(
              'error',
              SOURCE,
              node,
              `${node.label}${whereOf(scope)} repeats the ${isInput ? 'input' : 'output'} name "${name}" of ${other?.label ?? table[name]}; give each ${isInput ? 'input' : 'output'} a different name.`,
            ),
          );
          blocked.add(node);
        } else table[name] = node.id;
        continue;
      }
      if (node.type !== MODULE_INSTANCE && node.type !== MODULE_HANDLE) continue;
      const target = moduleParam(node);
      const callee = own(program.modules, target);
      if (!callee) {
        const what =
          target === '' ? 'names no module' : `calls module "${target}", which does not exist`;
        out.push(
          nodeDiagnostic(
            'error',
            SOURCE,
            node,
            `${node.label}${whereOf(scope)} ${what}; set its module param (${choices}).`,
          ),
        );
        blocked.add(node);
        continue;
      }
      callee.users?.push(`${scope.graph.id}/${node.id}`);
      if (mod) {
        const list = calls.get(mod.id) ?? [];
        list.push({ callee: target, node });
        calls.set(mod.id, list);
      }
    }
  }
  for (const mod of Object.values(program.modules))
    if (Object.keys(mod.outputNodes).length === 0)
      out.push({
        severity: 'warning',
        source: SOURCE,
        path: `/modules/${mod.id}`,
        message: `Module ${mod.name} has no Module Output node, so calling it gives nothing; add one inside it.`,
      });

  // A module calling itself, directly or through others, is a cycle.
  const reaches = (from: string, to: string, seen: Set<string>): string[] | undefined => {
    if (from === to) return [to];
    if (seen.has(from)) return undefined;
    seen.add(from);
    for (const c of calls.get(from) ?? []) {
      const rest = reaches(c.callee, to, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  };
  for (const [caller, list] of calls)
    for (const { callee, node } of list) {
      const path = reaches(callee, caller, new Set());
      if (!path) continue;
      ctx.recursiveModules.add(caller);
      blocked.add(node);
      const names = [caller, ...path].map((m) => program.modules[m]?.name ?? m).join(' → ');
      out.push(
        nodeDiagnostic(
          'error',
          'cycles',
          node,
          `${node.label} in module ${program.modules[caller]?.name ?? caller} makes the module call itself (${names}); a module cannot contain itself. Remove this ${node.def?.title ?? 'node'}.`,
        ),
      );
    }
  return out;
};

export const modules: CompilerPass = { name: 'modules', requires: ['lower'], run: modulesPass };
