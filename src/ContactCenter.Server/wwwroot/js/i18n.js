// Page text in zh-CN (default) or English. Elements carry data-i18n="key"; the chosen
// language is kept in localStorage and in the cc-lang cookie so the server can answer in it too.
const supported = ["zh-CN", "en"];
let dictionary = {};
let current = "zh-CN";

export function language() {
  return current;
}

export async function loadLanguage() {
  const saved = localStorage.getItem("cc-lang");
  current = supported.includes(saved) ? saved : "zh-CN";
  const response = await fetch(`/i18n/${current}.json`, { cache: "no-cache" });
  dictionary = await response.json();
  document.documentElement.lang = current;
  apply(document);
}

export function t(key, values = {}) {
  const text = dictionary[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

export function apply(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
}

export async function switchLanguage() {
  const next = current === "zh-CN" ? "en" : "zh-CN";
  localStorage.setItem("cc-lang", next);
  document.cookie = `cc-lang=${next}; path=/; SameSite=Lax; max-age=31536000`;
  await loadLanguage();
  document.dispatchEvent(new CustomEvent("cc:language"));
}
