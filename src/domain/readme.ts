// The learner's "alx-project-nexus" README.md (src/domain/readme/): built from what Nexus knows about them,
// in the shape learners write by hand, plus the short preview Discord shows beside the attachment.
export { collectLearnings, MAX_TECHNOLOGIES, type LearningItem, type Learnings } from './readme/learnings.js';
export { learnerTrack, type ReadmeInput } from './readme/model.js';
export { parseSections, README_SECTIONS, type ReadmeOptions, type ReadmeSection } from './readme/options.js';
export { readmePreview } from './readme/preview.js';
export { nexusRepositoryUrl, safeHttpUrl } from './readme/repository.js';
export { buildReadme, README_MAX_PARTNERS } from './readme/sections.js';
export { escapeGithubMarkdown } from './readme/text.js';
