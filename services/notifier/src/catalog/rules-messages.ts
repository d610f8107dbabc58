import { message, short, type Renderer } from './rendered';

/** Renderers of delegate-rules events (PPM_RULES_FILE). */
export const rulesRenderers: { readonly rules_reload_failed: Renderer<'rules_reload_failed'> } = {
  rules_reload_failed: (p) =>
    message(
      `Rules reload refused (${p.service})`,
      `${p.service}: rules file ${p.file} refused on reload (${p.problems.length} problem${p.problems.length === 1 ? '' : 's'}); ` +
        `still applying ${p.keptVersion === null ? 'no rules' : `rules ${short(p.keptVersion)}`}`,
      [['Service', p.service], ['File', p.file], ['Rules kept', p.keptVersion ?? 'none'], ...p.problems.map((x, i): [string, string] => [`Problem ${i + 1}`, x])],
    ),
};
