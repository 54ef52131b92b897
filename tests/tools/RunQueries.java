// Runs SPARQL query files with Apache Jena ARQ over one data file, loaded once: one JSON results file each.
// usage: bash tests/tools/jena.sh tests/tools/RunQueries.java DATA OUTDIR QUERY.rq...   (Java single-file launch)
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Model model = RDFDataMgr.loadModel(args[0]);
        Path out = Path.of(args[1]);
        for (int i = 2; i < args.length; i++) {
            Query query = QueryFactory.read(args[i]);
            Path file = out.resolve(Path.of(args[i]).getFileName() + ".json");
            try (QueryExecution execution = QueryExecutionFactory.create(query, model);
                 OutputStream stream = Files.newOutputStream(file)) {
                ResultSetFormatter.outputAsJSON(stream, execution.execSelect());
            }
        }
    }
}
