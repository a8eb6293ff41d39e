// Preselect the browser's time zone in an empty time-zone field (the server still validates).
document.addEventListener("DOMContentLoaded", () => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const input of document.querySelectorAll("input[data-guess-time-zone]")) {
    if (!input.value && zone) {
      input.value = zone;
    }
  }
});
