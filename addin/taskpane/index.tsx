// The task pane's entry: wait for Office, then render.
import { mountPane } from "./mount.js";

void Office.onReady(() => {
  mountPane(document.getElementById("root")!);
});
