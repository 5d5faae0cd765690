// Starts `elenchus lsp` for TOML, JSON and Argdown files.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("elenchus");
  const command = config.get("path") || "elenchus";
  const pattern = config.get("files") || "**/*.{toml,json,argdown}";
  client = new LanguageClient(
    "elenchus",
    "elenchus",
    { command, args: ["lsp"] },
    {
      documentSelector: [{ scheme: "file", pattern }],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
