// assent's stub: the first script of <head>, a classic script (never a module), so that it runs
// before any tag. It decides nothing. It reads what the engine decided from the JSON data block
// placed before it, <script type="application/json" id="assent-stub"> (the edge writes it for each
// visitor; on a static site, `assent compile --page-config` writes it once), and:
// - sends Google Consent Mode's default commands (`gtag('consent', 'default', ...)`), per region;
// - when the engine says so (`tcf`, `gpp`: a site with TCF settings; `__tcfapi` only where its
//   policy speaks the TCF, since the banner's ad-tech module answers exactly those), installs
//   `__tcfapi` and `__gpp` stubs: they answer `ping`
//   as a stub, queue every other call until the banner's module installs the real function
//   (which then answers the queued calls in order), add the `__tcfapiLocator` and `__gppLocator`
//   frames, and answer other frames' postMessage calls through whichever function is current.
(function () {
  "use strict";
  var w = window;
  var d = document;
  var ID = "assent-stub";

  function problem(what, fix) {
    console.error("assent stub: " + what + ". " + fix);
  }

  var block = d.getElementById(ID);
  var refused = d.getElementById(ID + "-error");
  if (!block && refused) {
    var p = {};
    try {
      p = JSON.parse(refused.textContent);
    } catch (e) {}
    problem(
      "the edge could not decide the defaults: " + p.message + " (" + p.code + " at " + p.path + ")",
      p.hint || "Check the page's assent-config",
    );
    return;
  }
  if (!block) {
    problem(
      'no <script type="application/json" id="' + ID + '"> before assent/stub.js',
      "Serve the page through the assent edge, which writes it, or paste the block `assent compile --page-config` wrote just before the stub's <script>",
    );
    return;
  }
  var data;
  try {
    data = JSON.parse(block.textContent);
  } catch (e) {
    problem("#" + ID + " is not JSON (" + e.message + ")", "Write it again with the edge or `assent compile`");
    return;
  }
  if (!data || typeof data !== "object" || !Array.isArray(data.consentMode) || typeof data.tcf !== "boolean") {
    problem("#" + ID + " lacks `consentMode` (a list) or `tcf` (true or false)", "Write it again with the edge or `assent compile`");
    return;
  }

  if (data.consentMode.length > 0) {
    w.dataLayer = w.dataLayer || [];
    if (typeof w.gtag !== "function") {
      // Google's own queue function: gtag reads `arguments` objects from the dataLayer.
      w.gtag = function () {
        w.dataLayer.push(arguments);
      };
    }
    for (var i = 0; i < data.consentMode.length; i++) w.gtag("consent", "default", data.consentMode[i]);
    // The banner's module sees this and does not send a second default.
    d.documentElement.setAttribute("data-assent-consent-default", "sent");
  }

  if (!data.tcf && !data.gpp) return;
  if (typeof data.gpp !== "boolean") {
    // A block written before `gpp` existed: the defaults above are sent, the ad APIs are not.
    problem("#" + ID + " lacks `gpp` (true or false)", "Write it again with the edge or `assent compile`");
    return;
  }

  // One API stub: `name` on window, answering `early` calls itself (ping), queueing the rest, and
  // handing the queue to the real function when the module assigns it to window[name].
  function install(name, early, call) {
    if (typeof w[name] === "function") return; // Another CMP is on the page: leave it alone.
    var queue = [];
    var stub = function () {
      var args = Array.prototype.slice.call(arguments);
      if (!early(args)) queue.push(args);
    };
    stub.queue = queue;
    Object.defineProperty(w, name, {
      configurable: true,
      enumerable: true,
      get: function () {
        return stub;
      },
      set: function (real) {
        Object.defineProperty(w, name, { value: real, writable: true, configurable: true, enumerable: true });
        var pending = queue.splice(0, queue.length);
        for (var i = 0; i < pending.length; i++) {
          try {
            real.apply(w, pending[i]);
          } catch (e) {
            problem("a queued " + name + " call failed (" + e.message + ")", "See the call's arguments");
          }
        }
      },
    });
    var locator = name + "Locator";
    (function addFrame() {
      if (w.frames[locator]) return;
      if (!d.body) return void setTimeout(addFrame, 5);
      var frame = d.createElement("iframe");
      frame.name = locator;
      frame.title = "";
      frame.setAttribute("aria-hidden", "true");
      frame.style.display = "none";
      d.body.appendChild(frame);
    })();
    // Calls from other frames: {<name>Call: {command, parameter, version, callId}}, as an object or
    // as its JSON; answered as {<name>Return: {returnValue, success, callId}} in the same form.
    w.addEventListener("message", function (event) {
      var text = typeof event.data === "string";
      var message = event.data;
      if (text) {
        try {
          message = JSON.parse(message);
        } catch (e) {
          return;
        }
      }
      var c = message && typeof message === "object" ? message[name + "Call"] : null;
      if (!c || typeof c !== "object" || typeof c.command !== "string" || !event.source) return;
      var reply = function (returnValue, success) {
        var out = {};
        out[name + "Return"] = { returnValue: returnValue, success: success, callId: c.callId };
        event.source.postMessage(text ? JSON.stringify(out) : out, "*");
      };
      call(w[name], c, reply);
    });
  }

  // IAB TCF CMP API 2.2: __tcfapi(command, version, callback, parameter).
  if (data.tcf) {
    install(
      "__tcfapi",
      function (args) {
        if (args[0] !== "ping" || typeof args[2] !== "function") return false;
        args[2]({ gdprApplies: undefined, cmpLoaded: false, cmpStatus: "stub", displayStatus: "hidden", apiVersion: "2.2" }, true);
        return true;
      },
      function (api, c, reply) {
        api(c.command, c.version, reply, c.parameter);
      },
    );
  }
  // IAB GPP CMP API 1.1: __gpp(command, callback, parameter, version).
  if (data.gpp) {
    install(
      "__gpp",
      function (args) {
        if (args[0] !== "ping" || typeof args[1] !== "function") return false;
        args[1](
          {
            gppVersion: "1.1",
            cmpStatus: "stub",
            cmpDisplayStatus: "hidden",
            signalStatus: "not ready",
            supportedAPIs: [],
            cmpId: 0,
            sectionList: [],
            applicableSections: [],
            gppString: "",
            parsedSections: {},
          },
          true,
        );
        return true;
      },
      function (api, c, reply) {
        api(c.command, reply, c.parameter, c.version);
      },
    );
  }
})();
