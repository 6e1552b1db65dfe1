export function App() {
  return (
    <>
      <header className="app-header">
        <h1>Eventscape</h1>
        <p>
          A playground for event-driven architecture: services, a broker and an event store, simulated in your
          browser.
        </p>
      </header>
      <main className="app-main">
        <p>The simulation is not wired in yet.</p>
      </main>
    </>
  );
}
