/**
 * The Run button of the "Getting started in the browser" page: runs
 * docs/samples/start/browser.ts, the file the page shows, and prints its lines.
 */

/** Mount the runner in `container`. */
export function mountStartRunner(container: HTMLElement): void {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'run-button';
  button.textContent = 'Run';
  const output = document.createElement('pre');
  output.className = 'start-output';
  output.setAttribute('aria-live', 'polite');
  container.append(button, output);
  button.addEventListener('click', async () => {
    button.disabled = true;
    output.textContent = '';
    container.dataset.state = 'running';
    try {
      const sample = await import('../../../docs/samples/start/browser.js');
      await sample.main((line) => (output.textContent += `${line}\n`));
      container.dataset.state = 'done';
    } catch (error) {
      output.textContent += `failed: ${error instanceof Error ? error.message : String(error)}\n`;
      container.dataset.state = 'failed';
    } finally {
      button.disabled = false;
    }
  });
}
