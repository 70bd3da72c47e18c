// Copies text with the clipboard API, or with the old way (fallback) where the API is missing or refused.
export async function copyText(text, clipboard, fallback) {
  if (clipboard && clipboard.writeText) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // refused (no permission, or the page is not focused): try the old way
    }
  }
  try {
    return Boolean(fallback());
  } catch {
    return false;
  }
}
