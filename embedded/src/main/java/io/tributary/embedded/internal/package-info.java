/** Process, directory and protocol plumbing behind the embedded services; not API. */
package io.tributary.embedded.internal;
