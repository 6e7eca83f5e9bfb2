"""What more than one build hook needs to make the site's outputs: the fixes of output HTML, the study
data's rows and answers, the decks' names and the Mermaid files the diagrams load. Hooks import this
package and the site model (sitemodel), never each other: MkDocs loads each hook as a module of its
own, so a hook imported by another would run as a second copy with state of its own."""
