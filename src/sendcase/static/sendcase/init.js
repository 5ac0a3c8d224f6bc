// Start GOV.UK Frontend's components (error summary focus, radios, service navigation toggle).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
