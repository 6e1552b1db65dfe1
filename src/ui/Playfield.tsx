import type { Playground } from '../app/playground';
import { OrderControls } from './controls/OrderControls';
import { RunControls } from './controls/RunControls';
import { ScenarioMenu } from './controls/ScenarioMenu';
import { StyleControls } from './controls/StyleControls';
import { ExportMenu } from './export/ExportMenu';
import { ServiceGraph } from './graph/ServiceGraph';
import { Inspector } from './inspector/Inspector';
import { PlaygroundProvider } from './PlaygroundContext';
import { Palette } from './palette/Palette';
import { ComparisonPanel } from './panels/ComparisonPanel';
import { DeadLettersPanel } from './panels/DeadLettersPanel';
import { EventLogPanel } from './panels/EventLogPanel';
import { InvariantsPanel } from './panels/InvariantsPanel';
import { ReadModelsPanel } from './panels/ReadModelsPanel';
import { SagasPanel } from './panels/SagasPanel';
import { SchemaRegistryPanel } from './panels/SchemaRegistryPanel';
import { SequencePanel } from './panels/SequencePanel';
import { StorageBanner } from './StorageBanner';
import { Timeline } from './timeline/Timeline';
import { TourPanel } from './tours/TourPanel';
import { ToursMenu } from './tours/ToursMenu';
import { InsightFeeder } from './useInsight';

/** The playground itself: header controls, the graph with its inspector, and the panels. */
export function Playfield({ playground }: { playground: Playground }) {
  return (
    <PlaygroundProvider value={playground}>
      <InsightFeeder />
      <header className="app-header">
        <h1>Eventscape</h1>
        <ScenarioMenu />
        <StyleControls />
        <OrderControls />
        <RunControls />
        <ToursMenu />
        <ExportMenu />
      </header>
      <TourPanel />
      {playground.notices.length > 0 ? (
        <div className="notice" role="alert">
          <ul>
            {playground.notices.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <StorageBanner />
      <main className="app-main">
        <div className="workspace">
          <Palette />
          <ServiceGraph />
          <Inspector />
        </div>
        <Timeline />
        <div className="panels">
          <EventLogPanel />
          <div className="panel-stack">
            <SagasPanel />
            <SequencePanel />
          </div>
          <ReadModelsPanel />
          <div className="panel-stack whole">
            <InvariantsPanel />
            <DeadLettersPanel />
            <SchemaRegistryPanel />
            <ComparisonPanel />
          </div>
        </div>
      </main>
    </PlaygroundProvider>
  );
}
