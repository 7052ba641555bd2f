/*
 * Progressive enhancements only: every page works without this file.
 * - Quick exit: leave for a neutral site and replace this page in the history where the browser allows.
 * - Click-to-load video: the third-party player is requested only when the reader chooses to play.
 */
(function () {
  "use strict";

  function quickExit(event) {
    var link = event.currentTarget;
    event.preventDefault();
    try {
      window.open(link.href, "_blank", "noopener");
    } catch (error) {
      /* pop-ups blocked: replacing the current page is enough */
    }
    window.location.replace(link.href);
  }

  function loadVideo(event) {
    var button = event.currentTarget;
    var container = button.closest("[data-video-embed]");
    var iframe = document.createElement("iframe");
    iframe.src = container.getAttribute("data-video-embed") + (container.getAttribute("data-video-embed").indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    iframe.title = container.getAttribute("data-video-title");
    iframe.allow = "autoplay; fullscreen; picture-in-picture";
    iframe.setAttribute("allowfullscreen", "");
    iframe.className = "video__iframe";
    container.replaceChildren(iframe);
    iframe.focus();
  }

  function enhanceVideo(container) {
    if (!container.getAttribute("data-video-embed")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = (container.getAttribute("data-play-label") || "Play video") + ": " + container.getAttribute("data-video-title");
    button.addEventListener("click", loadVideo);
    container.insertBefore(button, container.firstChild.nextSibling);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
      link.addEventListener("click", quickExit);
    });
    document.addEventListener("keydown", function (event) {
      var exit = document.querySelector("[data-quick-exit]");
      if (exit && event.key === "Escape" && event.shiftKey) {
        exit.click();
      }
    });
    document.querySelectorAll("[data-video-embed]").forEach(enhanceVideo);
    /* After a failed form, focus the error summary (autofocus does it too; some browsers skip it after a POST). */
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
    /* Menus and filters that are disclosures on phones are open on wide screens (CSS does it where
       ::details-content is supported; this covers other browsers). */
    if (window.matchMedia && window.matchMedia("(min-width: 48.0625em)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
        details.setAttribute("open", "");
      });
    }
  });

  /* Print every transcript and answer: open closed <details> for printing (older browsers ignore print CSS). */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-opened-for-print", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-opened-for-print");
    });
  });
})();
