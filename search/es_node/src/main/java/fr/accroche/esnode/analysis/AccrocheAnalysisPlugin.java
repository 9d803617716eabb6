package fr.accroche.esnode.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;

import java.io.Reader;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The part of Elasticsearch's analysis-common module that Accroche needs, written against the
 * Lucene classes that the server jar already depends on (analysis-common itself is not published
 * on Maven Central for 8.x). Names and parameters follow the Elasticsearch reference:
 *
 * token filters: elision, asciifolding (preserve_original), stemmer (language|name), snowball (language),
 *                keyword_marker (keywords), edge_ngram / ngram (min_gram, max_gram, preserve_original)
 * analyzers:     french (stopwords, stem_exclusion)
 * tokenizers:    whitespace, keyword
 * char filters:  html_strip
 *
 * Already in the server jar: standard tokenizer/analyzer, stop (incl. "_french_"), lowercase, shingle.
 */
public class AccrocheAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("elision", (is, env, name, s) -> {
            CharArraySet articles = Analysis.parseArticles(env, s);
            if (articles == null) {
                articles = FrenchAnalyzer.DEFAULT_ARTICLES;
            }
            final CharArraySet a = articles;
            return new Normalizing(name, s, ts -> new ElisionFilter(ts, a));
        });
        m.put("asciifolding", (is, env, name, s) -> {
            boolean keep = s.getAsBoolean("preserve_original", false);
            return new Normalizing(name, s, ts -> new ASCIIFoldingFilter(ts, keep)) {
                @Override
                public TokenStream normalize(TokenStream ts) {
                    return new ASCIIFoldingFilter(ts, false);
                }
            };
        });
        m.put("stemmer", (is, env, name, s) -> {
            String lang = s.get("language", s.get("name", "english")).toLowerCase(Locale.ROOT);
            return new Simple(name, s, stemmer(lang));
        });
        m.put("snowball", (is, env, name, s) -> {
            String lang = s.get("language", "English").toLowerCase(Locale.ROOT);
            return switch (lang) {
                case "french" -> new Simple(name, s, ts -> new SnowballFilter(ts, new FrenchStemmer()));
                case "english" -> new Simple(name, s, ts -> new SnowballFilter(ts, new EnglishStemmer()));
                default -> throw new IllegalArgumentException("snowball language [" + lang + "] not available here (french, english)");
            };
        });
        m.put("keyword_marker", requiresSettings((is, env, name, s) -> {
            CharArraySet words = Analysis.getWordSet(env, s, "keywords");
            if (words == null) {
                throw new IllegalArgumentException("keyword_marker requires [keywords] or [keywords_path]");
            }
            boolean ignoreCase = s.getAsBoolean("ignore_case", false);
            final CharArraySet k = ignoreCase ? new CharArraySet(words, true) : words;
            return new Simple(name, s, ts -> new SetKeywordMarkerFilter(ts, k));
        }));
        m.put("edge_ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean keep = s.getAsBoolean("preserve_original", false);
            return new Simple(name, s, ts -> new EdgeNGramTokenFilter(ts, min, max, keep));
        });
        m.put("synonym_graph", requiresSettings((is, env, name, s) -> new SynonymGraphFilterFactory(name, s)));
        m.put("ngram", (is, env, name, s) -> {
            int min = s.getAsInt("min_gram", 1);
            int max = s.getAsInt("max_gram", 2);
            boolean keep = s.getAsBoolean("preserve_original", false);
            return new Simple(name, s, ts -> new NGramTokenFilter(ts, min, max, keep));
        });
        return m;
    }

    /** Not instantiated with default settings for every index: only where an index configures it. */
    static <T> AnalysisProvider<T> requiresSettings(AnalysisProvider<T> p) {
        return new AnalysisProvider<T>() {
            @Override
            public T get(IndexSettings is, Environment env, String name, Settings s) throws java.io.IOException {
                return p.get(is, env, name, s);
            }

            @Override
            public boolean requiresAnalysisSettings() {
                return true;
            }
        };
    }

    static Function<TokenStream, TokenStream> stemmer(String lang) {
        return switch (lang) {
            case "light_french", "lightfrench" -> FrenchLightStemFilter::new;
            case "minimal_french" -> FrenchMinimalStemFilter::new;
            case "french" -> ts -> new SnowballFilter(ts, new FrenchStemmer());
            case "english", "porter" -> PorterStemFilter::new;
            case "light_english", "kstem" -> KStemFilter::new;
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "possessive_english" -> EnglishPossessiveFilter::new;
            default -> throw new IllegalArgumentException(
                "stemmer language [" + lang + "] not available in Accroche es_node "
                    + "(light_french, minimal_french, french, english, light_english, minimal_english, possessive_english)"
            );
        };
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of("french", (is, env, name, s) -> new AbstractIndexAnalyzerProvider<FrenchAnalyzer>(name, s) {
            private final FrenchAnalyzer analyzer = new FrenchAnalyzer(
                Analysis.parseStopWords(env, s, FrenchAnalyzer.getDefaultStopSet()),
                Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET)
            );

            @Override
            public FrenchAnalyzer get() {
                return analyzer;
            }
        });
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("whitespace", (is, env, name, s) -> new AbstractTokenizerFactory(is, s, name) {
            @Override
            public Tokenizer create() {
                return new WhitespaceTokenizer();
            }
        }, "keyword", (is, env, name, s) -> new AbstractTokenizerFactory(is, s, name) {
            @Override
            public Tokenizer create() {
                return new KeywordTokenizer();
            }
        });
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("html_strip", (is, env, name, s) -> new CharFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Reader create(Reader reader) {
                return new HTMLStripCharFilter(reader);
            }
        });
    }

    /** A filter that only changes how words are written: also used by normalizers. */
    static class Normalizing extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final Function<TokenStream, TokenStream> f;

        Normalizing(String name, Settings s, Function<TokenStream, TokenStream> f) {
            super(name, s);
            this.f = f;
        }

        @Override
        public TokenStream create(TokenStream ts) {
            return f.apply(ts);
        }
    }

    static final class Simple extends AbstractTokenFilterFactory {
        private final Function<TokenStream, TokenStream> f;

        Simple(String name, Settings s, Function<TokenStream, TokenStream> f) {
            super(name, s);
            this.f = f;
        }

        @Override
        public TokenStream create(TokenStream ts) {
            return f.apply(ts);
        }
    }
}
