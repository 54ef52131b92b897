// Reads a GraphML file with JGraphT's importer, validating it against the GraphML XSD; prints what it read.
// Adapted from the project's shared tools. Needs Debian's libjgrapht-java.
import java.io.File;
import java.util.*;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedWeightedGraph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.nio.graphml.GraphMLImporter;
import org.jgrapht.util.SupplierUtil;

public class GraphMLCheck {
  public static void main(String[] a) throws Exception {
    Graph<String, DefaultWeightedEdge> g = new DefaultDirectedWeightedGraph<>(SupplierUtil.createStringSupplier(), SupplierUtil.DEFAULT_WEIGHTED_EDGE_SUPPLIER);
    GraphMLImporter<String, DefaultWeightedEdge> imp = new GraphMLImporter<>();
    imp.setSchemaValidation(true);           // validate against GraphML XSD
    imp.setEdgeWeightAttributeName("weight");
    Map<String, Map<String, String>> vattr = new TreeMap<>();
    Set<String> ecols = new TreeSet<>();
    imp.setVertexFactory(id -> id);
    imp.addVertexAttributeConsumer((p, v) -> vattr.computeIfAbsent(p.getFirst(), k -> new TreeMap<>()).put(p.getSecond(), v.getValue()));
    imp.addEdgeAttributeConsumer((p, v) -> ecols.add(p.getSecond()));
    imp.importGraph(g, new File(a[0]));
    Set<String> ncols = new TreeSet<>(); vattr.values().forEach(m -> ncols.addAll(m.keySet()));
    System.out.println("nodes=" + g.vertexSet().size() + " edges=" + g.edgeSet().size());
    System.out.println("node columns=" + ncols + " edge columns=" + ecols);
  }
}
