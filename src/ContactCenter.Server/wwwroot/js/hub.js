// A small SignalR client (JSON protocol over WebSockets) for the desktop and the wallboard: negotiate with the
// sign-in cookie, handshake, server-to-client calls, invocations with results, keep-alive pings, and reconnection
// with back-off. After a reconnect the server sends a fresh snapshot, so the page restores itself.
const RS = "\u001e";

export function connectHub(path, handlers, { onStatus = () => {} } = {}) {
  let socket = null;
  let nextId = 1;
  let stopped = false;
  let attempt = 0;
  let pingTimer = null;
  const pending = new Map();

  function fail(error) {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  async function open() {
    onStatus("connecting");
    let token;
    try {
      const response = await fetch(`${path}/negotiate?negotiateVersion=1`, { method: "POST", credentials: "same-origin" });
      if (response.status === 401) {
        location.href = `/login.html?returnUrl=${encodeURIComponent(location.pathname)}`;
        return;
      }
      if (!response.ok) throw new Error(`negotiate ${response.status}`);
      token = (await response.json()).connectionToken;
    } catch {
      retry();
      return;
    }
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${path}?id=${encodeURIComponent(token)}`);
    let buffer = "";
    let ready = false;
    socket.onopen = () => socket.send(JSON.stringify({ protocol: "json", version: 1 }) + RS);
    socket.onmessage = (event) => {
      buffer += event.data;
      let end;
      while ((end = buffer.indexOf(RS)) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        const message = JSON.parse(frame);
        if (!ready) {
          ready = true;
          if (message.error) {
            socket.close();
            return;
          }
          attempt = 0;
          onStatus("connected");
          pingTimer = setInterval(() => send({ type: 6 }), 15000);
          continue;
        }
        dispatch(message);
      }
    };
    socket.onclose = () => {
      clearInterval(pingTimer);
      fail(new Error("connection closed"));
      onStatus("disconnected");
      retry();
    };
  }

  function retry() {
    if (stopped) return;
    const delay = [500, 1000, 2000, 5000, 10000][Math.min(attempt++, 4)];
    setTimeout(open, delay);
  }

  function send(message) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message) + RS);
  }

  function dispatch(message) {
    if (message.type === 1) {
      handlers[message.target]?.(...(message.arguments ?? []));
    } else if (message.type === 3) {
      const call = pending.get(message.invocationId);
      pending.delete(message.invocationId);
      if (!call) return;
      if (message.error) call.reject(new Error(message.error));
      else call.resolve(message.result);
    } else if (message.type === 7) {
      socket.close();
    }
  }

  function invoke(target, ...args) {
    return new Promise((resolve, reject) => {
      if (socket?.readyState !== WebSocket.OPEN) {
        reject(new Error("not connected"));
        return;
      }
      const invocationId = String(nextId++);
      pending.set(invocationId, { resolve, reject });
      send({ type: 1, invocationId, target, arguments: args });
    });
  }

  open();
  return {
    invoke,
    stop() {
      stopped = true;
      socket?.close();
    },
  };
}

// The i18n key a hub refusal carries ("... HubException: desk.error.state").
export function errorKey(error) {
  const match = /([a-z]+\.[A-Za-z.]+)\s*$/.exec(String(error?.message ?? ""));
  return match ? match[1] : "error.generic";
}

// mm:ss, or h:mm:ss past an hour.
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
