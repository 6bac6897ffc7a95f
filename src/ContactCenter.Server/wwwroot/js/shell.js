// The page chrome every signed-in page shares: who is signed in, the navigation their role may use,
// the language switch and sign-out. A page calls startShell() and gets the current user back.
import { apply, loadLanguage, switchLanguage, t } from "./i18n.js";

const pages = [
  { href: "/", key: "nav.home", roles: ["seat", "supervisor", "admin"] },
  { href: "/desk.html", key: "nav.desk", roles: ["seat"] },
  { href: "/wallboard.html", key: "nav.wallboard", roles: ["supervisor", "admin"] },
  { href: "/complaints.html", key: "nav.complaints", roles: ["seat", "supervisor", "admin"] },
];

export async function startShell({ roles } = {}) {
  await loadLanguage();
  const response = await fetch("/api/me", { headers: { Accept: "application/json" } });
  if (response.status === 401) {
    location.href = `/login.html?returnUrl=${encodeURIComponent(location.pathname)}`;
    return null;
  }
  const me = await response.json();
  renderHeader(me);
  document.addEventListener("cc:language", () => renderHeader(me));
  if (roles && !roles.includes(me.role)) {
    const main = document.querySelector("main");
    main.innerHTML = `<p class="error" data-i18n="error.forbidden"></p>`;
    apply(main);
    return null;
  }
  return me;
}

function renderHeader(me) {
  const header = document.querySelector("header.shell");
  const links = pages
    .filter((page) => page.roles.includes(me.role))
    .map((page) => {
      const active = location.pathname === page.href ? ' aria-current="page"' : "";
      return `<a href="${page.href}"${active}>${t(page.key)}</a>`;
    })
    .join("");
  header.innerHTML = `
    <a class="brand" href="/">${t("app.name")}</a>
    <nav>${links}</nav>
    <span class="who" data-testid="who">${escapeHtml(me.displayName)} · ${t(`role.${me.role}`)}${me.siteName ? ` · ${escapeHtml(me.siteName)}` : ""}</span>
    <button type="button" class="link" id="lang">${t("lang.switch")}</button>
    <button type="button" class="link" id="logout">${t("auth.logout")}</button>`;
  header.querySelector("#lang").addEventListener("click", () => switchLanguage());
  header.querySelector("#logout").addEventListener("click", async () => {
    await fetch("/api/auth/logout", { method: "POST" });
    location.href = "/login.html";
  });
  apply(document);
}

export function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
