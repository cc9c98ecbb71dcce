"""Documents in the app: preview, save and print (the Documents page and its dialogs)."""
