// "Copy" buttons: shown only when there is script to run them (without it, the text box's
// value can be selected and copied by hand). The status next to each says what happened.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copied);
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        status.textContent = "Copied.";
      } catch {
        source.select();
        status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
      }
    });
  }
});
