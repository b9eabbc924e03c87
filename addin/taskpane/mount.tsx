// Render the pane into an element, talking to Excel through addin/excel/host.ts. Called by
// index.tsx once Office is ready, and by the harness page after it installs the simulated host.
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "./App.js";
import { officeHost } from "./office-host.js";
import type { PaneHost } from "./pane-host.js";

export { officeHost };

/** Render the pane; returns a function that unmounts it (the harness opens another workbook with it). */
export function mountPane(root: HTMLElement, host: PaneHost = officeHost): () => void {
  const reactRoot = createRoot(root);
  reactRoot.render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100%" }}>
      <App host={host} />
    </FluentProvider>,
  );
  return () => reactRoot.unmount();
}
