// The admin export page's "Select all" box: bound here, since the site's CSP refuses the inline
// handler django-import-export writes. onSelectToggleChange comes with the form's own script.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
