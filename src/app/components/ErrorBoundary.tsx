/** Keeps one broken screen from blanking the app; marks already saved stay saved on the device. */
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main>
        <p className="error" role="alert">
          Something went wrong on this screen. Marks already saved are safe on this tablet.
        </p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>
    );
  }
}
