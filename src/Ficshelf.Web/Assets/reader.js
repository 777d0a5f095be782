// Ficshelf's only script: reading settings and scroll position kept in this browser, drag-and-drop upload,
// the chapter menu, and a confirmation before deleting. Every page works without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (key) { try { return window.localStorage.getItem("ficshelf." + key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem("ficshelf." + key, String(value)); } catch (e) { /* private mode */ } }
  };

  function applySettings() {
    var size = parseInt(store.get("fontSize") || "100", 10);
    var width = parseInt(store.get("width") || "42", 10);
    root.style.setProperty("--reader-font-size", size + "%");
    root.style.setProperty("--reader-width", width + "em");
    root.setAttribute("data-theme", store.get("theme") === "dark" ? "dark" : "light");
  }
  applySettings();

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-reader]") : null;
    if (!button) return;
    var size = parseInt(store.get("fontSize") || "100", 10);
    var width = parseInt(store.get("width") || "42", 10);
    switch (button.getAttribute("data-reader")) {
      case "smaller": store.set("fontSize", clamp(size - 10, 60, 250)); break;
      case "larger": store.set("fontSize", clamp(size + 10, 60, 250)); break;
      case "narrower": store.set("width", clamp(width - 4, 20, 120)); break;
      case "wider": store.set("width", clamp(width + 4, 20, 120)); break;
      case "theme": store.set("theme", store.get("theme") === "dark" ? "light" : "dark"); break;
    }
    applySettings();
  });

  // Left and right arrows turn chapters, as in an e-reader (not while typing).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var link = event.key === "ArrowLeft" ? document.querySelector("a[rel=prev]") : event.key === "ArrowRight" ? document.querySelector("a[rel=next]") : null;
    if (link) window.location.href = link.href;
  });

  document.addEventListener("DOMContentLoaded", function () {
    // Where the reader was inside a chapter, per work and chapter.
    var text = document.getElementById("workskin");
    if (text) {
      var key = "scroll." + text.getAttribute("data-work") + "." + text.getAttribute("data-chapter");
      var saved = parseFloat(store.get(key) || "0");
      if (saved > 0 && !window.location.hash) {
        window.scrollTo(0, saved * (document.documentElement.scrollHeight - window.innerHeight));
      }
      var pending = false;
      window.addEventListener("scroll", function () {
        if (pending) return;
        pending = true;
        window.setTimeout(function () {
          pending = false;
          var range = document.documentElement.scrollHeight - window.innerHeight;
          if (range > 0) store.set(key, (window.scrollY / range).toFixed(4));
        }, 300);
      });
    }

    // The chapter menu goes to the chapter as soon as one is picked.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });

    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });

    // Drag and drop onto the upload zone fills the file input.
    var zone = document.getElementById("drop-zone");
    var input = document.getElementById("files");
    var list = document.getElementById("chosen-files");
    if (zone && input) {
      var show = function () {
        if (!list) return;
        list.textContent = "";
        Array.prototype.forEach.call(input.files, function (file) {
          var item = document.createElement("li");
          item.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
          list.appendChild(item);
        });
      };
      input.addEventListener("change", show);
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
      });
      // Too large for the server: say so before sending it (the server refuses it anyway, with the same words).
      var form = document.getElementById("upload-form");
      var error = document.getElementById("upload-error");
      if (form && error) {
        form.addEventListener("submit", function (event) {
          var limit = Number(form.getAttribute("data-max-bytes"));
          var total = Array.prototype.reduce.call(input.files, function (sum, file) { return sum + file.size; }, 0);
          if (limit > 0 && total > limit) {
            event.preventDefault();
            error.textContent = "The upload is too large: " + (total / 1048576).toFixed(1) + " MB chosen, the limit is " +
              form.getAttribute("data-max-text") + " per upload. Send fewer or smaller files at a time.";
            error.hidden = false;
          }
        });
      }
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length > 0) {
          input.files = event.dataTransfer.files;
          show();
        }
      });
    }
  });
})();
