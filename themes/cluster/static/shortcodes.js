// The `video` shortcode: the page shows a link to the video with a poster
// and loads nothing from the video site. On click, and only then, the link
// is replaced by the site's player. Only the player addresses clusterhub
// writes (YouTube's no-cookie host, Vimeo's player) are loaded.
(function () {
  "use strict";
  var players = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a.sc-video__link[data-embed]");
    if (!link) return;
    var src = link.getAttribute("data-embed") || "";
    if (!players.some(function (p) { return src.indexOf(p) === 0; })) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = link.textContent.trim();
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.className = "sc-video__player";
    link.replaceWith(frame);
    frame.focus();
  });
})();
