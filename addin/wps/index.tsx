// The pane's entry in WPS 表格 (a WPS 加载项's task pane, taskpane.html): WPS gives the page its
// ET object model as the global `Application`; the pane talks to it through createWpsHost
// (./host.ts) and is the same React pane as in Excel (../taskpane/mount.tsx). The templates
// are fetched from the add-in's own folder (templates/ beside taskpane.html), online or offline.
import { mountPane, officeHost } from "../taskpane/mount.js";
import type { EtApplication } from "./et.js";
import { createWpsHost } from "./host.js";

const root = document.getElementById("root")!;
const app = (window as unknown as { Application?: EtApplication }).Application;
if (app && typeof app === "object" && "ApiEvent" in app) {
  mountPane(root, createWpsHost(app, { fetchTemplate: officeHost.fetchTemplate }));
} else {
  root.textContent = "这个页面是 WPS 表格加载项“试点表格校验”的任务窗格，只能在 WPS 表格中打开（开始 → 试点表格校验）。";
}
