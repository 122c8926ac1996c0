package render

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"text/template/parse"
)

// versions sums, for each layout, the text of every template file its pages
// can execute: base.html, the layout and the partials reachable from them by
// {{template}} calls. Editing a partial then re-renders only the layouts
// that call it. It also reports whether any template reads .Model.
// sources holds every file's text by name; they have already parsed.
func versions(sources map[string]string) (map[string][32]byte, bool) {
	definedBy := map[string][]string{} // template name → files defining it
	calls := map[string][]string{}     // file → template names it calls
	usesModel := false
	for file, text := range sources {
		trees := map[string]*parse.Tree{}
		t := parse.New(file)
		t.Mode = parse.SkipFuncCheck
		if _, err := t.Parse(text, "", "", trees); err != nil {
			// Unreachable: html/template parsed the same text. Be safe:
			// a file we cannot read is called by everyone.
			calls[file] = nil
			definedBy[""] = append(definedBy[""], file)
			continue
		}
		for name, tree := range trees {
			definedBy[name] = append(definedBy[name], file)
			walk(tree.Root, func(n parse.Node) {
				switch n := n.(type) {
				case *parse.TemplateNode:
					calls[file] = append(calls[file], n.Name)
				case *parse.CommandNode:
					if name, ok := cachedCall(n); ok {
						calls[file] = append(calls[file], name)
					}
				case *parse.FieldNode:
					usesModel = usesModel || slices.Contains(n.Ident, "Model")
				case *parse.ChainNode:
					usesModel = usesModel || slices.Contains(n.Field, "Model")
				case *parse.VariableNode:
					usesModel = usesModel || slices.Contains(n.Ident, "Model")
				}
			})
		}
	}
	out := map[string][32]byte{}
	for _, layout := range Layouts {
		// A layout's template set is base.html, the partials and itself.
		inSet := func(file string) bool {
			return file == layout || !slices.Contains(Layouts, file)
		}
		used := map[string]bool{}
		// Pages execute the template named base.html, which a partial may
		// redefine.
		queue := []string{"base.html", layout}
		queue = append(queue, definedBy["base.html"]...)
		queue = append(queue, definedBy[""]...)
		for len(queue) > 0 {
			file := queue[0]
			queue = queue[1:]
			if used[file] || !inSet(file) {
				continue
			}
			used[file] = true
			for _, name := range calls[file] {
				queue = append(queue, definedBy[name]...)
			}
		}
		files := make([]string, 0, len(used))
		for f := range used {
			files = append(files, f)
		}
		slices.Sort(files)
		h := sha256.New()
		for _, f := range files {
			fmt.Fprintf(h, "%d:%s%d:%s", len(f), f, len(sources[f]), sources[f])
		}
		var sum [32]byte
		h.Sum(sum[:0])
		out[layout] = sum
	}
	return out, usesModel
}

// walk calls fn on n and every node below it.
func walk(n parse.Node, fn func(parse.Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, fn)
		}
	case *parse.ActionNode:
		walk(n.Pipe, fn)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, d := range n.Decl {
			walk(d, fn)
		}
		for _, c := range n.Cmds {
			walk(c, fn)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walk(a, fn)
		}
	case *parse.ChainNode:
		walk(n.Node, fn)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, fn)
	case *parse.TemplateNode:
		walk(n.Pipe, fn)
	}
}

func walkBranch(b *parse.BranchNode, fn func(parse.Node)) {
	walk(b.Pipe, fn)
	walk(b.List, fn)
	walk(b.ElseList, fn)
}

// cachedCall reports the template name of a command `cached "NAME" DATA`.
func cachedCall(c *parse.CommandNode) (string, bool) {
	if len(c.Args) < 2 {
		return "", false
	}
	if id, ok := c.Args[0].(*parse.IdentifierNode); !ok || id.Ident != "cached" {
		return "", false
	}
	s, ok := c.Args[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return s.Text, true
}

// cachedNames lists the templates that the sources run through cached.
func cachedNames(sources map[string]string) []string {
	seen := map[string]bool{}
	for file, text := range sources {
		trees := map[string]*parse.Tree{}
		t := parse.New(file)
		t.Mode = parse.SkipFuncCheck
		if _, err := t.Parse(text, "", "", trees); err != nil {
			continue
		}
		for _, tree := range trees {
			walk(tree.Root, func(n parse.Node) {
				if c, ok := n.(*parse.CommandNode); ok {
					if name, ok := cachedCall(c); ok {
						seen[name] = true
					}
				}
			})
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
