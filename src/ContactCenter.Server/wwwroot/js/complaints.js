// The complaint desk (投诉台): the case list with deadline colours, the registration form (also opened from the
// seat's wrap-up with #register?callId=…&customerId=…&policy=…), the case view with its timeline and every step,
// deadline notifications, and (supervisors, admins) the reports with charts and CSV export.
import { apply, t } from "./i18n.js";
import { escapeHtml } from "./shell.js";
import { connectHub } from "./hub.js";
import { barChart } from "./complaints-charts.js";

const $ = (selector, root = document) => root.querySelector(selector);
const codes = {
  status: ["registered", "accepted", "in-progress", "decided", "under-review", "rejected", "forwarded", "closed", "merged"],
  channel: ["phone", "online", "letter", "visit", "email", "fax", "regulator"],
  productLine: ["life", "health", "accident", "auto", "property"],
  ground: ["not-by-consumer-or-agent", "repeat-in-handling", "repeat-after-decision"],
  forwardKind: ["external", "internal"],
  notice: ["written", "sms", "email", "phone"],
  suspension: ["outside-appraisal", "mediation"],
  major: ["disaster-or-public-health-event", "group-of-twenty-or-more", "regulator-designated"],
  validity: ["valid", "invalid"],
  cause: ["claims", "mis-selling", "surrender", "service-attitude", "underwriting", "policy-administration", "premiums", "other"],
  kind: ["person", "organisation"],
};

// Each step's inputs: [field, type, option list or label key].
const steps = {
  "assign-owner": [["userId", "user"]],
  "request-material": [["text", "textarea", "missing"]],
  "receive-material": [["text", "textarea", "material"], ["newFacts", "check"]],
  accept: [],
  reject: [["ground", "select", "ground"], ["text", "textarea", "reason"]],
  forward: [["forwardKind", "select", "forwardKind"], ["text", "input", "forwardedTo"]],
  "assign-investigation": [["unit", "input"], ["userId", "user"]],
  "record-investigation": [["text", "textarea", "findings"]],
  extend: [["text", "textarea", "reason"], ["noticeMethod", "select?", "notice"], ["proof", "input"]],
  suspend: [["suspensionReason", "select", "suspension"], ["noticeMethod", "select", "notice"], ["proof", "input"]],
  resume: [],
  decide: [["facts", "textarea"], ["basis", "textarea"], ["remedies", "textarea"]],
  "deliver-notice": [["noticeMethod", "select", "notice"], ["proof", "input"]],
  "apply-review": [["text", "textarea", "reviewRequest"]],
  "decide-review": [["facts", "textarea"], ["basis", "textarea"], ["remedies", "textarea"], ["upheld", "check"], ["noticeMethod", "select", "notice"], ["proof", "input"]],
  "report-regulator": [["text", "input", "reportReference"]],
  "mark-major": [["majorReason", "select", "major"], ["groupSize", "number"]],
  close: [["validity", "select", "validity"], ["cause", "select", "cause"], ["unit", "input"]],
  merge: [["survivorId", "number"], ["newFacts", "check"]],
  "add-rectification": [["text", "textarea", "problem"], ["userId", "user"], ["dueOn", "date"]],
  "complete-rectification": [["number", "number"], ["text", "textarea", "note"]],
  "recheck-rectification": [["number", "number"], ["passed", "check"], ["text", "textarea", "note"], ["dueOn", "date"]],
};

export function startComplaints(me) {
  const supervising = me.role !== "seat";
  let handlers = [];
  let current = null;
  const notifications = [];

  async function route() {
    const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
    for (const view of document.querySelectorAll("main > section")) view.hidden = true;
    if (path === "register") {
      $("#view-register").hidden = false;
      await showRegister(new URLSearchParams(query));
    } else if (path.startsWith("case/")) {
      $("#view-case").hidden = false;
      await showCase(Number(path.slice(5)));
    } else {
      $("#view-list").hidden = false;
      await showList();
    }
  }

  // ---- list -------------------------------------------------------------------------------------
  async function showList() {
    const form = $("#filters");
    if (!form.dataset.ready) {
      form.dataset.ready = "1";
      const branches = await getJson("/api/complaints/branches");
      form.status.innerHTML = options([["", t("complaints.allStatuses")], ["open", t("complaints.openOnly")], ...codes.status.map((c) => [c, t(`complaints.status.${c}`)])]);
      form.branch.innerHTML = options([["", t("complaints.allBranches")], ...branches.map((b) => [b, b])]);
      form.productLine.innerHTML = options([["", t("complaints.allProductLines")], ...codes.productLine.map((c) => [c, t(`complaints.productLine.${c}`)])]);
      form.channel.innerHTML = options([["", t("complaints.allChannels")], ...codes.channel.map((c) => [c, t(`complaints.channel.${c}`)])]);
      form.due.innerHTML = options([["", t("complaints.allDeadlines")], ["overdue", t("complaints.colour.overdue")], ["due-soon", t("complaints.colour.due-soon")]]);
      form.addEventListener("submit", (event) => { event.preventDefault(); loadList(); });
      if (supervising) setupReports();
      startNotifications();
    }
    await loadList();
  }

  async function loadList() {
    const form = $("#filters");
    const params = new URLSearchParams();
    for (const name of ["branch", "productLine", "channel", "due", "q"]) if (form[name].value) params.set(name, form[name].value);
    if (form.status.value === "open") params.set("open", "true");
    else if (form.status.value) params.set("status", form.status.value);
    const page = await getJson(`/api/complaints?${params}`);
    $("#cases tbody").innerHTML = page.items.map((c) => `
      <tr class="${c.colour}" data-id="${c.id}">
        <td>${escapeHtml(c.caseNumber)}${c.isMajor ? ` <span class="badge">${escapeHtml(t("complaints.major"))}</span>` : ""}</td>
        <td>${escapeHtml(c.subject)}</td><td>${escapeHtml(c.complainantName ?? "")}</td><td>${escapeHtml(c.branch ?? "")}</td>
        <td>${escapeHtml(t(`complaints.status.${c.status}`))}</td><td>${escapeHtml(when(c.receivedAt))}</td>
        <td class="due ${c.colour}">${c.nextDue ? `${escapeHtml(c.nextDue)} · ${escapeHtml(t(`complaints.dueKind.${c.nextDueKind}`))}` : ""}</td>
      </tr>`).join("");
    for (const row of document.querySelectorAll("#cases tbody tr")) {
      row.addEventListener("click", () => { location.hash = `case/${row.dataset.id}`; });
    }
    $("#total").textContent = t("complaints.total", { count: page.total });
  }

  function startNotifications() {
    connectHub("/hubs/notifications", {
      Notify: (n) => {
        notifications.unshift(n);
        renderNotifications();
      },
    }, { onStatus: (status) => { $("#hub-status").textContent = t(`complaints.hub.${status}`); } });
    renderNotifications();
  }

  function renderNotifications() {
    $("#notifications").innerHTML = notifications.length === 0
      ? `<li class="muted">${escapeHtml(t("complaints.noNotifications"))}</li>`
      : notifications.map((n) => `<li class="${n.kind}"><a href="#case/${n.caseId}">${escapeHtml(n.caseNumber)}</a> ${escapeHtml(t(`complaints.notify.${n.kind}`, { due: n.dueOn, kind: t(`complaints.dueKind.${n.dueKind}`) }))}</li>`).join("");
  }

  // ---- reports ----------------------------------------------------------------------------------
  function setupReports() {
    $("#reports").hidden = false;
    $("#dimension").innerHTML = options(["branch", "cause", "product-line"].map((d) => [d, t(`complaints.dimension.${d}`)]));
    const now = new Date();
    $("#period").value = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
    $("#run-report").addEventListener("click", runReport);
    $("#import").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      const response = await fetch("/api/complaints/volume-bases", { method: "POST", headers: { "Content-Type": "text/csv" }, body: await file.text() });
      const result = await response.json();
      $("#import-result").innerHTML = `<p class="${result.rejected?.length ? "warning" : "muted"}">${escapeHtml(t("complaints.report.imported", { count: result.imported ?? 0 }))}</p>` +
        (result.rejected ?? []).map((r) => `<p class="problem">${escapeHtml(t("complaints.report.rejectedLine", { line: r.line }))} ${escapeHtml(r.reason)}</p>`).join("");
      event.target.value = "";
      runReport();
    });
    runReport();
  }

  async function runReport() {
    const dimension = $("#dimension").value;
    const period = $("#period").value.trim();
    const query = new URLSearchParams({ dimension, period });
    $("#export").href = `/api/complaints/reports.csv?${query}`;
    const response = await fetch(`/api/complaints/reports?${query}`);
    if (!response.ok) {
      $("#report-table tbody").innerHTML = `<tr><td class="problem">${escapeHtml((await response.json()).detail ?? "")}</td></tr>`;
      return;
    }
    const report = await response.json();
    const label = (key) => key === "" ? t("complaints.unclassified") : dimension === "branch" ? key : t(`complaints.${dimension === "cause" ? "cause" : "productLine"}.${key}`);
    const pct = (v) => v == null ? "" : `${(v * 100).toFixed(2)}%`;
    const num = (v) => v == null ? "" : Number(v).toFixed(2);
    const heads = ["key", "volume", "yoy", "timeliness", "avgDays", "perPremium", "perPolicies", "open", "overdue", "rank"];
    $("#report-table thead").innerHTML = `<tr>${heads.map((h) => `<th>${escapeHtml(t(`complaints.report.${h}`))}</th>`).join("")}</tr>`;
    const row = (l, total) => `<tr class="${total ? "total" : ""}"><td>${escapeHtml(total ? t("complaints.report.total") : label(l.key))}</td><td>${l.volume}</td><td>${pct(l.yearOnYearChange)}</td>
      <td>${pct(l.timelinessRate)}</td><td>${num(l.averageHandlingDays)}</td><td>${num(l.perHundredMillionPremium)}</td><td>${num(l.perTenThousandPolicies)}</td>
      <td>${l.open}</td><td class="${l.overdue > 0 ? "bad" : ""}">${l.overdue}</td><td>${total ? "" : l.rank}</td></tr>`;
    $("#report-table tbody").innerHTML = report.lines.map((l) => row(l, false)).join("") + row(report.total, true);
    barChart($("#chart-volume"), t("complaints.chart.volume"), report.lines.map((l) => ({ label: label(l.key), value: l.volume, previous: l.volumeYearBefore })),
      { format: (v) => String(v), legend: [t("complaints.chart.thisYear"), t("complaints.chart.lastYear")] });
    barChart($("#chart-timeliness"), t("complaints.chart.timeliness"), report.lines.map((l) => ({ label: label(l.key), value: (l.timelinessRate ?? 0) * 100 })),
      { format: (v) => `${v.toFixed(1)}%`, max: 100 });
  }

  // ---- registration -----------------------------------------------------------------------------
  async function showRegister(params) {
    const form = $("#register-form");
    const field = (name, type = "input", extra = "") => {
      const label = t(`complaints.f.${name}`);
      if (type === "textarea") return `<label class="wide">${escapeHtml(label)}<textarea name="${name}" rows="3" ${extra}></textarea></label>`;
      if (type.startsWith("select:")) return `<label>${escapeHtml(label)}<select name="${name}" ${extra}>${options(codes[type.slice(7)].map((c) => [c, t(`complaints.${type.slice(7)}.${c}`)]))}</select></label>`;
      if (type === "check") return `<label class="check"><input type="checkbox" name="${name}" ${extra}> ${escapeHtml(label)}</label>`;
      return `<label>${escapeHtml(label)}<input name="${name}" type="${type === "input" ? "text" : type}" ${extra}></label>`;
    };
    form.innerHTML = `
      <fieldset><legend>${escapeHtml(t("complaints.section.receipt"))}</legend><div class="fields">
        ${field("channel", "select:channel")}${field("receivedAt", "datetime-local")}${field("subject", "input", "required maxlength=500")}
        ${field("branch", "input", 'list="branch-list"')}<datalist id="branch-list"></datalist>
        <label>${escapeHtml(t("complaints.f.productLine"))}<select name="productLine">${options([["", "—"], ...codes.productLine.map((c) => [c, t(`complaints.productLine.${c}`)])])}</select></label>
        ${field("institution")}${field("staff")}${field("regulatorReference")}${field("materialComplete", "check", "checked")}
        <input type="hidden" name="callId"><input type="hidden" name="customerId">
      </div></fieldset>
      <fieldset><legend>${escapeHtml(t("complaints.section.complainant"))}</legend><div class="fields">
        ${field("complainantKind", "select:kind")}${field("complainantName", "input", "required")}${field("complainantPhone", "tel")}${field("complainantIdNumber")}
        ${field("complainantEmail", "email")}${field("complainantAddress")}${field("complainantCreditCode")}${field("complainantLegalRepresentative")}
      </div></fieldset>
      <fieldset><legend>${escapeHtml(t("complaints.section.agent"))}</legend><div class="fields">
        ${field("agentName")}${field("agentPhone", "tel")}${field("agentIdNumber")}${field("agentRelationship")}${field("agentAuthorityProof")}
      </div></fieldset>
      <fieldset><legend>${escapeHtml(t("complaints.section.request"))}</legend><div class="fields">
        ${field("request", "textarea", "required")}${field("facts", "textarea", "required")}${field("basis", "textarea")}
      </div></fieldset>
      <div id="register-problem"></div><div id="duplicates"></div>
      <button class="primary" type="submit">${escapeHtml(t("complaints.submit"))}</button>`;
    const branches = await getJson("/api/complaints/branches");
    $("#branch-list").innerHTML = branches.map((b) => `<option value="${escapeHtml(b)}">`).join("");
    $("#prefill-note").textContent = "";
    if (params.get("callId") || params.get("customerId")) {
      const prefill = await getJson(`/api/complaints/prefill?${params}`);
      form.channel.value = "phone";
      form.callId.value = prefill.callId ?? "";
      form.customerId.value = prefill.customerId ?? "";
      form.complainantName.value = prefill.complainantName ?? "";
      form.branch.value = prefill.branch ?? "";
      form.productLine.value = prefill.productLine ?? "";
      if (prefill.policyNumber) form.subject.value = t("complaints.prefillSubject", { policy: prefill.policyNumber, product: prefill.productName ?? "" });
      $("#prefill-note").textContent = t("complaints.prefilled", { call: prefill.callId ?? "—", phone: prefill.maskedPhone ?? "—", policy: prefill.policyNumber ?? "—" });
    }
    form.onsubmit = async (event) => {
      event.preventDefault();
      const body = {};
      for (const element of form.elements) {
        if (!element.name) continue;
        if (element.type === "checkbox") body[element.name] = element.checked;
        else if (element.value.trim() !== "") body[element.name] = element.value.trim();
      }
      if (body.customerId) body.customerId = Number(body.customerId);
      if (body.receivedAt) body.receivedAt = new Date(body.receivedAt).toISOString();
      const response = await fetch("/api/complaints", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const result = await response.json();
      if (!response.ok) {
        $("#register-problem").innerHTML = problemHtml(result);
        return;
      }
      if (result.duplicates.length > 0) {
        $("#register-problem").innerHTML = "";
        form.querySelector("button[type=submit]").hidden = true;
        $("#duplicates").innerHTML = `<div class="warning" data-testid="duplicates"><p>${escapeHtml(t("complaints.duplicates", { number: result.case.caseNumber }))}</p>
          ${result.duplicates.map((d) => `<p>${escapeHtml(d.caseNumber)} · ${escapeHtml(d.subject)} · ${escapeHtml(t(`complaints.status.${d.status}`))}
            <button type="button" class="plain" data-merge="${d.id}">${escapeHtml(t("complaints.mergeInto", { number: d.caseNumber }))}</button></p>`).join("")}
          <button type="button" class="plain" id="keep">${escapeHtml(t("complaints.keepSeparate"))}</button></div>`;
        $("#keep").addEventListener("click", () => { location.hash = `case/${result.case.id}`; });
        for (const button of document.querySelectorAll("[data-merge]")) {
          button.addEventListener("click", async () => {
            const merged = await post(`/api/complaints/${result.case.id}/merge`, { version: result.case.version, survivorId: Number(button.dataset.merge), newFacts: false });
            if (merged.ok) location.hash = `case/${button.dataset.merge}`;
            else $("#register-problem").innerHTML = problemHtml(merged.body);
          });
        }
        return;
      }
      location.hash = `case/${result.case.id}`;
    };
  }

  // ---- case view --------------------------------------------------------------------------------
  async function showCase(id) {
    const response = await fetch(`/api/complaints/${id}`);
    if (!response.ok) {
      $("#view-case").innerHTML = `<p class="problem">${escapeHtml(t("complaints.notFound"))}</p><a href="#list">${escapeHtml(t("complaints.back"))}</a>`;
      return;
    }
    current = await response.json();
    if (handlers.length === 0) handlers = await getJson("/api/complaints/handlers");
    renderCase();
  }

  function renderCase(problem) {
    const c = current;
    const d = c.deadlines;
    const person = c.complainant;
    const fact = (key, value) => value == null || value === "" ? "" : `<dt>${escapeHtml(t(key))}</dt><dd>${escapeHtml(value)}</dd>`;
    const reveal = (field) => c.canReveal ? ` <button type="button" class="link reveal" data-reveal="${field}">${escapeHtml(t("complaints.reveal"))}</button>` : "";
    $("#view-case").innerHTML = `
      <div class="toolbar casehead">
        <h1 data-testid="case-number">${escapeHtml(c.caseNumber)}</h1>
        <span class="badge" data-testid="case-status">${escapeHtml(t(`complaints.status.${c.status}`))}</span>
        ${c.isMajor ? `<span class="badge">${escapeHtml(t("complaints.major"))}</span>` : ""}
        <span class="due ${d.colour}" data-testid="next-due">${d.nextDue ? escapeHtml(t("complaints.dueOn", { due: d.nextDue, kind: t(`complaints.dueKind.${d.nextDueKind}`) })) : ""}</span>
        <span class="spacer"></span><a class="plain" href="#list">${escapeHtml(t("complaints.back"))}</a>
      </div>
      <div id="problem">${problem ? problemHtml(problem) : ""}</div>
      <section class="card">
        <div class="stepbar" id="steps">${c.actions.map((a) => `<button type="button" class="plain" data-step="${a}">${escapeHtml(t(`complaints.step.${a}`))}</button>`).join("")}</div>
        <form class="stepform" id="stepform" hidden></form>
      </section>
      <div class="columns">
        <section class="card"><dl class="facts">
          ${fact("complaints.subject", c.subject)}${fact("complaints.f.channel", t(`complaints.channel.${c.channel}`))}
          ${fact("complaints.receivedAt", when(c.receivedAt))}${fact("complaints.ruleSet", t(`complaints.ruleSet.${c.ruleSet}`))}
          ${fact("complaints.branch", c.branch)}${fact("complaints.f.productLine", c.productLine ? t(`complaints.productLine.${c.productLine}`) : null)}
          ${fact("complaints.f.complainantName", person?.name)}
          ${person?.phone ? `<dt>${escapeHtml(t("complaints.f.complainantPhone"))}</dt><dd><span data-testid="complainant-phone">${escapeHtml(person.phone)}</span>${reveal("complainant-phone")}</dd>` : ""}
          ${person?.idNumber ? `<dt>${escapeHtml(t("complaints.f.complainantIdNumber"))}</dt><dd><span>${escapeHtml(person.idNumber)}</span>${reveal("complainant-id-number")}</dd>` : ""}
          ${fact("complaints.f.agentName", c.agent?.name)}${fact("complaints.f.agentAuthorityProof", c.agent?.authorityProof)}
          ${fact("complaints.f.request", c.request)}${fact("complaints.f.facts", c.facts)}${fact("complaints.f.basis", c.basis)}
          ${fact("complaints.f.institution", c.institution)}${fact("complaints.f.staff", c.staff)}${fact("complaints.f.regulatorReference", c.regulatorReference)}
          ${fact("complaints.owner", c.owner)}${fact("complaints.f.unit", c.responsibleUnit)}${fact("complaints.f.findings", c.investigationFindings)}
          ${fact("complaints.f.facts", c.decisionFacts ? `${c.decisionFacts}\n${c.decisionBasis}\n${c.decisionRemedies}` : null)}
          ${fact("complaints.f.noticeMethod", c.noticeMethod ? `${t(`complaints.notice.${c.noticeMethod}`)} · ${when(c.noticeAt)} · ${c.noticeProof}` : null)}
          ${fact("complaints.f.reason", c.rejectionReason)}${fact("complaints.f.forwardedTo", c.forwardedTo)}
          ${fact("complaints.f.cause", c.cause ? `${t(`complaints.validity.${c.validity}`)} · ${t(`complaints.cause.${c.cause}`)} · ${c.attributedUnit}` : null)}
        </dl></section>
        <section class="card"><h2>${escapeHtml(t("complaints.deadlines"))}</h2><dl class="facts">
          ${fact("complaints.dueKind.acknowledge", d.acknowledge)}${fact("complaints.dueKind.accept", d.accept)}${fact("complaints.dueKind.decide", d.decide)}
          ${fact("complaints.reviewApplyBy", d.reviewApplyBy)}${fact("complaints.dueKind.review-decide", d.reviewDecideBy)}
          ${fact("complaints.extension", c.extensionLevel ? String(c.extensionLevel) : null)}${fact("complaints.suspended", c.suspended ? t(`complaints.suspension.${c.suspensionReason}`) : null)}
        </dl></section>
      </div>
      <section class="card"><h2>${escapeHtml(t("complaints.timeline"))}</h2><ol class="timeline" id="timeline">
        ${c.timeline.map((e) => `<li class="${e.type}"><time>${escapeHtml(when(e.at))}</time><strong>${escapeHtml(t(`complaints.event.${e.type}`))}</strong> ${escapeHtml(e.actor ?? "")}<div class="muted">${escapeHtml(e.detail ?? "")}</div></li>`).join("")}
      </ol></section>
      ${c.rectifications.length ? `<section class="card"><h2>${escapeHtml(t("complaints.rectifications"))}</h2><table><tbody>
        ${c.rectifications.map((r) => `<tr><td>${r.number}</td><td>${escapeHtml(r.problem)}</td><td>${escapeHtml(r.owner ?? "")}</td><td class="${r.overdue ? "due overdue" : ""}">${escapeHtml(r.dueOn)}</td><td>${escapeHtml(t(`complaints.rect.${r.status}`))}</td>
          <td>${r.status === "open" ? `<button class="plain" data-step="complete-rectification" data-number="${r.number}">${escapeHtml(t("complaints.step.complete-rectification"))}</button>` : ""}
              ${r.status === "done" ? `<button class="plain" data-step="recheck-rectification" data-number="${r.number}">${escapeHtml(t("complaints.step.recheck-rectification"))}</button>` : ""}</td></tr>`).join("")}
      </tbody></table></section>` : ""}`;
    for (const button of document.querySelectorAll("#view-case [data-step]")) {
      button.addEventListener("click", () => openStep(button.dataset.step, button.dataset.number));
    }
    for (const button of document.querySelectorAll("[data-reveal]")) {
      button.addEventListener("click", async () => {
        const result = await post(`/api/complaints/${c.id}/reveal`, { field: button.dataset.reveal });
        if (result.ok) button.previousElementSibling.textContent = result.body.value ?? "";
        button.remove();
      });
    }
  }

  function openStep(step, number) {
    const form = $("#stepform");
    const userOptions = options(handlers.map((h) => [String(h.id), `${h.displayName} (${t(`role.${h.role}`)})`]));
    const input = ([name, type, list]) => {
      const label = escapeHtml(t(`complaints.f.${type === "textarea" || type === "input" ? (list ?? name) : name}`));
      switch (type) {
        case "textarea": return `<label class="wide">${label}<textarea name="${name}" rows="2" required></textarea></label>`;
        case "user": return `<label>${label}<select name="${name}">${userOptions}</select></label>`;
        case "check": return `<label class="check"><input type="checkbox" name="${name}"> ${label}</label>`;
        case "number": return `<label>${label}<input type="number" name="${name}" value="${name === "number" ? escapeHtml(number ?? "") : ""}"></label>`;
        case "date": return `<label>${label}<input type="date" name="${name}"></label>`;
        case "select": case "select?": return `<label>${label}<select name="${name}">${type === "select?" ? '<option value="">—</option>' : ""}${options(codes[list].map((c) => [c, t(`complaints.${list}.${c}`)]))}</select></label>`;
        default: return `<label>${label}<input name="${name}"></label>`;
      }
    };
    form.hidden = false;
    form.innerHTML = `${steps[step].map(input).join("")}
      <div class="buttons"><button class="primary" type="submit">${escapeHtml(t(`complaints.step.${step}`))}</button>
      <button class="plain" type="button" id="cancel">${escapeHtml(t("complaints.cancel"))}</button></div>`;
    $("#cancel").addEventListener("click", () => { form.hidden = true; });
    form.onsubmit = async (event) => {
      event.preventDefault();
      const body = { version: current.version };
      for (const element of form.elements) {
        if (!element.name) continue;
        if (element.type === "checkbox") body[element.name] = element.checked;
        else if (element.value !== "") body[element.name] = ["userId", "number", "groupSize", "survivorId"].includes(element.name) ? Number(element.value) : element.value;
      }
      const result = await post(`/api/complaints/${current.id}/${step}`, body);
      if (result.ok) {
        current = result.body;
        renderCase();
      } else {
        renderCase(result.body);
      }
    };
    apply(form);
  }

  function problemHtml(problem) {
    const lead = t(`complaints.problem.${problem.title}`);
    return `<p class="problem" role="alert" data-testid="problem">${escapeHtml(lead === `complaints.problem.${problem.title}` ? "" : lead)} ${escapeHtml(problem.detail ?? problem.title ?? "")}</p>`;
  }

  window.addEventListener("hashchange", route);
  document.addEventListener("cc:language", route);
  route();
}

function options(pairs) {
  return pairs.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join("");
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  return response.json();
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { ok: response.ok, body: text ? JSON.parse(text) : {} };
}
