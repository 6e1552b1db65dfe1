import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import { createPlayground, type Playground } from '../app/playground';
import { startFrameLoop } from '../app/startPlayground';
import { OrderControls } from './controls/OrderControls';
import { RunControls } from './controls/RunControls';
import { ServiceGraph } from './graph/ServiceGraph';
import { Inspector } from './inspector/Inspector';
import { PlaygroundProvider } from './PlaygroundContext';
import { DeadLettersPanel } from './panels/DeadLettersPanel';
import { EventLogPanel } from './panels/EventLogPanel';
import { ReadModelsPanel } from './panels/ReadModelsPanel';

export function App() {
  const [playground] = useState<Playground>(() => createPlayground(window.location.search));
  useEffect(() => startFrameLoop(playground.driver), [playground]);

  return (
    <PlaygroundProvider value={playground}>
      <header className="app-header">
        <h1>Eventscape</h1>
        <span className="scenario-title">{playground.scenario.title}</span>
        <OrderControls />
        <RunControls />
      </header>
      {playground.problems.length > 0 ? (
        <div className="notice" role="alert">
          <p>Some settings in the link could not be used:</p>
          <ul>
            {playground.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <main className="app-main">
        <div className="workspace">
          <ServiceGraph />
          <Inspector />
        </div>
        <div className="panels">
          <EventLogPanel />
          <ReadModelsPanel />
          <DeadLettersPanel />
        </div>
      </main>
    </PlaygroundProvider>
  );
}
