package fr.accroche.esnode.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.AnalyzerWrapper;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code synonym_graph} token filter, as Elasticsearch's analysis-common module defines it, for the rules
 * given inline ({@code synonyms}: lines in the Solr format, {@code a, b, c} or {@code a => b, c}).
 *
 * <p>Rules are analysed by the chain that comes before the filter (tokenizer, char filters and the earlier
 * token filters), so they meet the query's terms as that chain writes them (stemmed, folded). A stop word
 * inside a rule ({@code mission de lutte contre le décrochage}) leaves no hole in the rule: a rule is matched
 * on the terms that remain. {@code lenient: true} skips a rule the chain cannot read instead of failing.
 * {@code expand} (default true) as in Elasticsearch. The filter is meant for search analyzers: changing the
 * rules means a new index (or closing and reopening the index with the new settings).
 */
final class SynonymGraphFilterFactory extends AbstractTokenFilterFactory {
    private final List<String> rules;
    private final boolean expand;
    private final boolean lenient;

    SynonymGraphFilterFactory(String name, Settings settings) {
        super(name, settings);
        this.rules = settings.getAsList("synonyms");
        this.expand = settings.getAsBoolean("expand", true);
        this.lenient = settings.getAsBoolean("lenient", false);
        if (settings.get("synonyms_path") != null || settings.get("synonyms_set") != null) {
            throw new IllegalArgumentException("synonym_graph [" + name + "]: only inline [synonyms] are supported here");
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("synonym_graph [" + name() + "] is built for its analysis chain");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer chain = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
        SynonymMap map = parse(new WithoutHoles(chain));
        String name = name();
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                return map.fst == null ? tokenStream : new SynonymGraphFilter(tokenStream, map, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                return IDENTITY_FILTER; // synonyms of another synonym filter's rules are not expanded
            }
        };
    }

    private SynonymMap parse(Analyzer analyzer) {
        SolrSynonymParser parser = new SolrSynonymParser(true, expand, analyzer);
        try {
            for (String rule : rules) {
                try {
                    parser.parse(new StringReader(rule));
                } catch (Exception e) {
                    if (!lenient) {
                        throw new IllegalArgumentException("synonym_graph [" + name() + "]: cannot read rule [" + rule + "]", e);
                    }
                }
            }
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chain with every position increment above one set to one: the words of a rule follow each other. */
    static final class WithoutHoles extends AnalyzerWrapper {
        private final Analyzer chain;

        WithoutHoles(Analyzer chain) {
            super(chain.getReuseStrategy());
            this.chain = chain;
        }

        @Override
        protected Analyzer getWrappedAnalyzer(String fieldName) {
            return chain;
        }

        @Override
        protected TokenStreamComponents wrapComponents(String fieldName, TokenStreamComponents components) {
            TokenStream closed = new TokenFilter(components.getTokenStream()) {
                private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);

                @Override
                public boolean incrementToken() throws IOException {
                    if (!input.incrementToken()) {
                        return false;
                    }
                    if (increment.getPositionIncrement() > 1) {
                        increment.setPositionIncrement(1);
                    }
                    return true;
                }
            };
            return new TokenStreamComponents(components.getSource(), closed);
        }
    }
}
