package match

import "slices"

// ConceptsOf returns the ids of the concepts text mentions (ancestors included), sorted,
// as an item's features would hold them.
func ConceptsOf(tokenize Tokenizer, terms *Terms, text string) []string {
	lx := compileTerms(terms, tokenize)
	b := newBag()
	lx.addText(b, tokenize(text), 1)
	var ids []string
	for c := range b.concepts {
		ids = append(ids, terms.concepts[c].ID)
	}
	slices.Sort(ids)
	return ids
}

// SharedTokens returns the tokens that single-token variants of more than one concept
// share, with those concepts' ids.
func SharedTokens(tokenize Tokenizer, terms *Terms) map[string][]string {
	lx := compileTerms(terms, tokenize)
	out := map[string][]string{}
	for tok, cs := range lx.single {
		if len(cs) > 1 {
			for _, c := range cs {
				out[tok] = append(out[tok], terms.concepts[c].ID)
			}
		}
	}
	return out
}
