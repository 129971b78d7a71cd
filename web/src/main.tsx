import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import "./styles/base.css";
import "./styles/shell.css";
import "./styles/inbox.css";
import "./styles/conversation.css";
import "./styles/admin.css";
import "./styles/settings.css";
import "./styles/customers.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
