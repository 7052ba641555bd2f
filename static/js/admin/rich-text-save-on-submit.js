/*
 * Rich text is sent with the form as it is on screen.
 *
 * Wagtail's rich text editor (Draftail, in its wrapper for comments) copies its content into the form's hidden input
 * only 250 ms after the last change. A form sent sooner, such as text pasted and "Save draft" clicked at once, or
 * Ctrl+V then Ctrl+S, was saved with the field's previous content: the paste was lost, and the content checks
 * (heading levels, link text) read the old value, so the editor was not told about a "click here" link they could
 * see in the editor.
 *
 * Before any admin form is sent (capture phase, so before Wagtail's own submit handlers read it), every Draftail
 * editor in it writes its current content to its input, as Wagtail's wrapper does after its delay: the same
 * serialiser (window.Draftail), keeping only the inline styles the field allows (comment highlights are not
 * content). Loaded on the page and snippet editors by the insert_editor_js hook (hub/wagtail_hooks.py).
 */
(() => {
  "use strict";

  const writeCurrentContent = (input) => {
    const editor = input.draftailEditor;
    const serialise = window.Draftail && window.Draftail.serialiseEditorStateToRaw;
    if (!editor || typeof editor.getEditorState !== "function" || typeof serialise !== "function") {
      return;
    }
    const raw = serialise(editor.getEditorState());
    if (raw) {
      const allowed = new Set((editor.props.inlineStyles || []).map((style) => style.type));
      raw.blocks.forEach((block) => {
        block.inlineStyleRanges = block.inlineStyleRanges.filter((range) => allowed.has(range.style));
      });
    }
    input.rawContentState = raw;
    input.value = JSON.stringify(raw);
  };

  window.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (form instanceof HTMLFormElement) {
        form.querySelectorAll("input").forEach(writeCurrentContent);
      }
    },
    true,
  );
})();
