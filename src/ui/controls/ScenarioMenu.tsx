import { defaultSettings, runUrl } from '../../app/urlState';
import { scenarios } from '../../scenarios';
import { usePlayground } from '../PlaygroundContext';

/** "Order saga" of "Order saga: choreography or orchestration, …": the words before the colon. */
export function shortTitle(title: string): string {
  return title.split(':')[0]?.trim() || title;
}

/**
 * The header's scenario menu (DESIGN.md: "[Order saga ▾]"). Choosing one opens that scenario's run
 * URL with this run's seed and speed: a stored run of it resumes, else it starts fresh.
 */
export function ScenarioMenu() {
  const { scenario, settings } = usePlayground();
  return (
    <label className="scenario-menu" title={scenario.title}>
      <select
        aria-label="Scenario"
        value={scenario.name}
        onChange={(e) => {
          const url = runUrl({
            ...defaultSettings,
            scenario: e.target.value,
            seed: settings.seed,
            speed: settings.speed,
          });
          // Not `location.search =`: that would keep a shared run's or an import's `#…` fragment.
          window.location.assign(`${window.location.pathname}${url}`);
        }}
      >
        {Object.values(scenarios).map((s) => (
          <option key={s.name} value={s.name} title={s.title}>
            {shortTitle(s.title)}
          </option>
        ))}
      </select>
    </label>
  );
}
