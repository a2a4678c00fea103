import type { ExceptionChange, ExceptionChangeListener } from './exception-types.ts';

/** Listeners of committed exception changes in this process; one listener's error never stops the others. */
export class ChangeFeed {
  private readonly listeners = new Set<ExceptionChangeListener>();

  on(listener: ExceptionChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(changes: readonly ExceptionChange[]): void {
    for (const c of changes) {
      for (const l of this.listeners) {
        try {
          l(c);
        } catch {
          // A failing listener (e.g. a closed stream) must not break the sweep or the request.
        }
      }
    }
  }
}
