/*
 * Everything a packet walk needs beyond packet-walks.js, as one module: its styles (as text), then
 * walk-diagram.js, diagram-stepper.js, diagram-scenarios.js and diagram-drill.js, run in this order. bundle_assets.py (LAZY)
 * builds it under a content-hashed name, which the offline worker precaches as it is, and
 * packet-walks.js imports it only on pages that have a walk.
 */
import styles from "./walks.css"; // inlined as text by bundle_assets.py
import "./walk-diagram.js";
import "./diagram-stepper.js";
import "./diagram-scenarios.js";
import "./diagram-drill.js";

export { styles };
