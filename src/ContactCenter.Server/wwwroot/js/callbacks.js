// The seat's callback panel (回访): take a preview task or get the task of an answered callback call, read the script,
// answer the checklist yes/no, choose the result and submit it. A "no" on a new-policy confirmation opens a
// mis-selling check on the server; the panel says so.
import { apply, language, t } from "./i18n.js";
import { escapeHtml } from "./shell.js";

export function startCallbacks(me) {
  const $ = (selector) => document.querySelector(selector);
  let task = null;        // the task view from /api/desk/callbacks/...
  let shownCall = null;   // the desk call id whose task is shown (answered callback calls)
  let message = "";

  $("#cbClaim").addEventListener("click", async () => {
    message = "";
    const response = await fetch("/api/desk/callbacks/preview", { method: "POST" });
    if (response.status === 204) {
      task = null;
      message = t("cb.none");
    } else if (response.ok) {
      task = await response.json();
    } else {
      message = t("cb.failed", { message: response.status });
    }
    render();
  });

  document.addEventListener("cc:language", render);

  // Called by the desk on every render: a connected callback call (id "cb-…") shows its task and form.
  async function showCall(call) {
    const callId = call?.callId;
    if (!callId || !callId.startsWith("cb-") || callId === shownCall || call.phase === "ringing") return;
    shownCall = callId;
    const response = await fetch(`/api/desk/callbacks/calls/${encodeURIComponent(callId)}`);
    if (response.ok) {
      task = await response.json();
      message = "";
      render();
    }
  }

  function text(zh, en) {
    return language() === "en" ? en : zh;
  }

  function opening(script) {
    const values = {
      company: t("cb.company"),
      seat: me?.seatId ?? "",
      product: task.policy?.productName ?? "",
      date: task.policy?.startDate ?? "",
    };
    return text(script.openingZhCn, script.openingEn).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
  }

  function render() {
    $("#cbMessage").textContent = message;
    const box = $("#cbTask");
    if (!task) {
      box.innerHTML = "";
      return;
    }
    const s = task.script;
    const claimedOnly = task.status === "dialing" && !task.callId;
    const rows = s.checklist.map((item, i) => `
      <tr data-testid="cb-item">
        <td>${i + 1}. ${escapeHtml(text(item.textZhCn, item.textEn))}</td>
        <td class="yn"><label><input type="radio" name="cb-${escapeHtml(item.code)}" value="yes"> ${escapeHtml(t("cb.yes"))}</label>
            <label><input type="radio" name="cb-${escapeHtml(item.code)}" value="no"> ${escapeHtml(t("cb.no"))}</label></td>
      </tr>`).join("");
    box.innerHTML = `
      <h3 data-testid="cb-title">${escapeHtml(text(s.titleZhCn, s.titleEn))} · ${escapeHtml(task.campaignName)}</h3>
      <div class="grid cb-facts">
        <div><span class="muted">${escapeHtml(t("cb.customer"))}</span><div>${escapeHtml(task.customerName ?? "—")}</div></div>
        <div><span class="muted">${escapeHtml(t("cb.phone"))}</span><div>${escapeHtml(task.phone)}</div></div>
        <div><span class="muted">${escapeHtml(t("cb.policy"))}</span><div data-testid="cb-policy">${escapeHtml(task.policy ? `${task.policy.policyNumber} ${task.policy.productName}` : "—")}</div></div>
        <div><span class="muted">${escapeHtml(t("cb.deadline"))}</span><div class="deadline">${task.deadline ? escapeHtml(new Date(task.deadline).toLocaleString()) : "—"}</div></div>
        <div><span class="muted">${escapeHtml(t("cb.attempts"))}</span><div>${task.attempts}</div></div>
      </div>
      <p class="script" data-testid="cb-script"><span class="muted">${escapeHtml(t("cb.script"))}</span><br>${escapeHtml(opening(s))}</p>
      <div class="actions">
        <button type="button" id="cbDial" data-testid="cb-dial" ${claimedOnly ? "" : "disabled"}>${escapeHtml(t("cb.dial"))}</button>
        <span class="muted" id="cbCall">${task.callId ? escapeHtml(t("cb.calling")) : ""}</span>
      </div>
      <form id="cbForm" data-testid="cb-form">
        <h4>${escapeHtml(t("cb.checklist"))}</h4>
        <p class="muted">${escapeHtml(t("cb.misSellingHint"))}</p>
        <table class="checklist"><tbody>${rows}</tbody></table>
        <div class="actions">
          <label for="cbResult">${escapeHtml(t("cb.result"))}</label>
          <select id="cbResult" data-testid="cb-result">${s.results.map((r) => `<option value="${escapeHtml(r)}">${escapeHtml(t(`cb.result.${r}`))}</option>`).join("")}</select>
          <label for="cbLater">${escapeHtml(t("cb.callBackAt"))}</label>
          <input type="datetime-local" id="cbLater">
        </div>
        <label for="cbNotes">${escapeHtml(t("cb.notes"))}</label>
        <textarea id="cbNotes" rows="2" maxlength="2000"></textarea>
        <div class="actions"><button type="submit" data-testid="cb-submit">${escapeHtml(t("cb.submit"))}</button></div>
      </form>`;
    $("#cbDial").addEventListener("click", dial);
    $("#cbForm").addEventListener("submit", submit);
  }

  async function dial() {
    const response = await fetch(`/api/desk/callbacks/tasks/${task.taskId}/dial`, { method: "POST" });
    if (response.ok) {
      task.callId = (await response.json()).callId;
      $("#cbDial").disabled = true;
      $("#cbCall").textContent = t("cb.calling");
    } else {
      $("#cbMessage").textContent = t("cb.failed", { message: await problem(response) });
    }
  }

  async function submit(event) {
    event.preventDefault();
    const answers = {};
    for (const item of task.script.checklist) {
      const picked = document.querySelector(`input[name="cb-${CSS.escape(item.code)}"]:checked`);
      if (picked) answers[item.code] = picked.value === "yes";
    }
    const result = $("#cbResult").value;
    if (result === "reached" && Object.keys(answers).length < task.script.checklist.length) {
      $("#cbMessage").textContent = t("cb.answerAll");
      return;
    }
    const later = $("#cbLater").value;
    const response = await fetch(`/api/desk/callbacks/tasks/${task.taskId}/result`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ result, answers, notes: $("#cbNotes").value, callBackAt: later ? new Date(later).toISOString() : null }),
    });
    if (!response.ok) {
      $("#cbMessage").textContent = t("cb.failed", { message: await problem(response) });
      return;
    }
    const saved = await response.json();
    task = null;
    message = t("cb.saved") + (saved.followUpTaskId ? " · " + t("cb.followUp", { id: saved.followUpTaskId }) : "");
    render();
  }

  async function problem(response) {
    try {
      return (await response.json()).detail ?? response.status;
    } catch {
      return response.status;
    }
  }

  apply(document);
  return { showCall };
}
