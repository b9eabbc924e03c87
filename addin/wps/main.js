// The ribbon's callbacks of the WPS 加载项 (named in ribbon.xml; wpsjs's templates keep them in
// js/ribbon.js, loaded by index.html): plain ES5 globals, as WPS calls them by name.
// The 试点表格校验 button opens the task pane (taskpane.html beside this file) with
// Application.CreateTaskPane(url), then .Visible = true; the pane's id is kept in
// Application.PluginStorage (shared by the add-in's pages, not persisted), so that a second
// click shows or hides the same pane instead of opening another.
/* global window, document */
/* eslint-disable no-var */
var PILOT_FORMS_PANE_ID = "pilot-forms.taskpane_id";

/** The folder this page was loaded from (online: the intranet URL; offline: the jsaddons folder). */
function PilotFormsBaseUrl() {
  var href = decodeURI(String(document.location));
  var cut = href.lastIndexOf("/");
  return cut >= 0 ? href.substring(0, cut + 1) : href;
}

/** customUI onLoad: the first callback WPS makes. */
function OnAddinLoad(ribbonUI) {
  if (typeof window.Application.ribbonUI !== "object") window.Application.ribbonUI = ribbonUI;
  return true;
}

/** customUI onAction of the 试点表格校验 button (control.Id "pilotFormsShowPane"). */
function OnAction(control) {
  if (control.Id !== "pilotFormsShowPane") return true;
  var app = window.Application;
  var id = app.PluginStorage.getItem(PILOT_FORMS_PANE_ID);
  var pane = null;
  if (id) {
    try {
      pane = app.GetTaskPane(id);
    } catch (e) {
      pane = null; // closed with its document: open a new one
    }
  }
  if (pane) {
    pane.Visible = !pane.Visible;
    return true;
  }
  pane = app.CreateTaskPane(PilotFormsBaseUrl() + "taskpane.html", "试点表格校验");
  app.PluginStorage.setItem(PILOT_FORMS_PANE_ID, pane.ID);
  pane.Visible = true;
  return true;
}

/** customUI getImage: a path relative to the add-in's folder, as wpsjs's templates return. */
function OnGetImage(control) {
  return control.Id === "pilotFormsShowPane" ? "images/icon-32.png" : "";
}
