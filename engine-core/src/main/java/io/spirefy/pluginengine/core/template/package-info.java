/**
 * GenerateFromTemplate (contract section 5): Handlebars templates, through handlebars.java, locked
 * down to the logic-less helpers, JSON data only, no partials, bounded output and work.
 */
package io.spirefy.pluginengine.core.template;
